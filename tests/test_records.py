"""The JSON contract of ``claimkb extract``, on short texts we wrote."""

from claimkb.extract import extract
from claimkb.ingest import document_from_text
from claimkb.records import extraction_dict
from tests.test_speakers import GROUP_TEXT


def test_only_a_group_lists_members_and_every_speaker_keeps_the_contract_keys():
    text = GROUP_TEXT + "\n\n“The pier is safe,” said Lena Marsh."
    out = extraction_dict(extract(document_from_text(text, "pier")))
    speakers = [s["speaker"] for s in out["statements"] if s["speaker"] is not None]
    assert speakers[0]["members"] == [
        {"name": "Ada Vance", "type": "person"},
        {"name": "Tom Oduya", "type": "person"},
    ]
    assert speakers[-1] == {"name": "Lena Marsh", "type": "person", "resolved_by": "name"}
