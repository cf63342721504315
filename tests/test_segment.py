from claimkb.extract.segment import Block, parse_text, split_blocks


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, text[b.start : b.end]) for b in split_blocks(text)]


def test_headline_without_full_stop_is_its_own_block():
    text = "Port reopens after storm\n\nThe port reopened on Monday."
    assert kinds(text) == [
        ("headline", "Port reopens after storm"),
        ("body", "The port reopened on Monday."),
    ]


def test_headline_on_a_single_newline_is_split_off():
    text = "Port reopens after storm\nThe port reopened on Monday, officials said."
    got = kinds(text)
    assert got[0] == ("headline", "Port reopens after storm")
    assert got[1][1].startswith("The port reopened")


def test_photo_captions_and_credits_are_captions():
    for line in ["Photo: Cranes at the terminal.", "From open sources", "Photograph by Ana Ruiz"]:
        text = f"The port reopened on Monday.\n\n{line}\n\nIt was busy."
        assert ("caption", line) in kinds(text), line


def test_ordinary_sentence_mentioning_a_photo_is_body():
    text = "The photo shows the port on Monday, when it reopened."
    assert kinds(text)[0][0] == "body"


def test_repeated_paragraph_points_at_the_first_copy():
    para = "The minister said the bridge would be rebuilt within a year."
    blocks = split_blocks(f"{para}\n\nSomething else happened.\n\n{para}")
    assert [b.repeats for b in blocks] == [None, None, 0]


def test_truncated_repeat_points_at_the_full_paragraph():
    para = "The minister said the bridge would be rebuilt within a year and paid for by the state."
    blocks = split_blocks(f"{para}\n\n{para[:50]}")
    assert blocks[1].repeats == 0


def test_short_repeats_are_not_duplication():
    blocks = split_blocks("Read more.\n\nThe port reopened.\n\nRead more.")
    assert all(b.repeats is None for b in blocks)


def test_a_wall_of_text_is_cut_into_parseable_pieces():
    from claimkb.extract.segment import MAX_BLOCK_CHARS

    sentence = "The minister said the bridge would open in May. "
    text = sentence * (3 * MAX_BLOCK_CHARS // len(sentence))
    blocks = split_blocks(text)
    assert len(blocks) >= 3
    assert all(b.end - b.start <= MAX_BLOCK_CHARS for b in blocks)
    # cut after full stops, and nothing is lost between pieces
    assert all(text[b.end - 1] == "." for b in blocks[:-1])
    joined = "".join(text[b.start : b.end] for b in blocks)
    assert joined.replace(" ", "") == text.replace(" ", "")


def test_a_wall_without_sentence_ends_is_cut_at_spaces():
    from claimkb.extract.segment import MAX_BLOCK_CHARS

    text = "word " * (MAX_BLOCK_CHARS // 2)
    blocks = split_blocks(text)
    assert len(blocks) >= 2
    assert all(text[b.start : b.end].split()[0] == "word" for b in blocks)


def test_a_byline_near_the_top_is_a_byline_and_one_further_down_is_not():
    text = (
        "Levy must rise\n\nBy Nils Ambrose\n\nThe levy is low.\n\nIt was set in 2006.\n\n"
        "Traders paid it.\n\nBy Nils Ambrose\n\nI paid it too."
    )
    got = kinds(text)
    assert got[1] == ("byline", "By Nils Ambrose")
    assert [k for k, _ in got].count("byline") == 1


def parsed(text: str) -> str:
    return parse_text(text, Block(0, len(text), "body"))


def test_markdown_line_marks_are_parsed_as_spaces_one_for_one():
    text = (
        "## Bridge reopens\n> The mayor said so.\n> > Twice quoted.\n"
        "* Ada Vance agreed.\n+ So did Tom."
    )
    out = parsed(text)
    assert len(out) == len(text)
    assert out.splitlines() == [
        "   Bridge reopens",
        "  The mayor said so.",
        "    Twice quoted.",
        "  Ada Vance agreed.",
        "  So did Tom.",
    ]


def test_text_that_only_looks_like_markdown_is_left_alone():
    text = (
        "#Harbour trended.\n- Sen. Ada Vance said so.\nIt rose 5 * 2 times; a > b.\n####### seven"
    )
    assert parsed(text) == text


def test_no_break_spaces_still_parse_as_spaces():
    assert parsed("Ada\xa0Vance said so.") == "Ada Vance said so."
