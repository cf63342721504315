import pytest
from pyoxigraph import Literal, NamedNode, Quad

from claimkb.errors import StoreBusyError, StoreError
from claimkb.store import kb_home, open_store


def test_reading_a_missing_kb_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no knowledge base here yet"):
        open_store(tmp_path / "nowhere")


@pytest.mark.parametrize("write", [False, True])
def test_a_kb_that_is_a_file_is_a_clear_error(tmp_path, write):
    kb = tmp_path / "notes.txt"
    kb.write_text("not a knowledge base\n", encoding="utf-8")
    with pytest.raises(StoreError, match=r"notes\.txt: is a file"):
        open_store(kb, write=write)
    assert kb.read_text(encoding="utf-8") == "not a knowledge base\n"


def test_a_kb_inside_a_file_cannot_be_created(tmp_path):
    inside = tmp_path / "notes.txt" / "kb"
    inside.parent.write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the store"):
        open_store(inside, write=True)


def test_second_writer_is_told_the_kb_is_busy(tmp_path):
    with open_store(tmp_path, write=True), pytest.raises(StoreBusyError, match="busy"):
        open_store(tmp_path, write=True)


def test_kb_home_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CLAIMKB_HOME", str(tmp_path))
    assert kb_home() == tmp_path
    assert kb_home("elsewhere").name == "elsewhere"


def test_replace_graph_escapes_hostile_literals(tmp_path):
    g = NamedNode("https://claimkb.org/id/graph/x")
    nasty = '"} } ; DROP ALL ; INSERT DATA { <a> <b> "c" } #\n\u2028'
    q = Quad(
        NamedNode("https://claimkb.org/id/s"),
        NamedNode("http://schema.org/text"),
        Literal(nasty),
        g,
    )
    with open_store(tmp_path, write=True) as store:
        store.replace_graph(g, [q])
        assert [x.object.value for x in store.quads()] == [nasty]


def test_bound_values_are_not_query_text(tmp_path):
    g = NamedNode("https://claimkb.org/id/graph/x")
    q = Quad(
        NamedNode("https://claimkb.org/id/s"), NamedNode("http://schema.org/text"), Literal("x"), g
    )
    with open_store(tmp_path, write=True) as store:
        store.replace_graph(g, [q])
        hit = store.ask("ASK { ?s schema:text ?v }", {"v": Literal("x")})
        miss = store.ask("ASK { ?s schema:text ?v }", {"v": Literal('x" || true || "')})
    assert hit and not miss


def test_a_waiting_writer_gets_the_lock_when_it_is_freed(tmp_path):
    import threading

    first = open_store(tmp_path, write=True)
    threading.Timer(0.3, first.close).start()
    with open_store(tmp_path, write=True, wait=10) as second:
        assert second.ask("ASK { ?s ?p ?o }") is False


def test_busy_message_suggests_wait(tmp_path):
    with open_store(tmp_path, write=True), pytest.raises(StoreBusyError, match="--wait"):
        open_store(tmp_path, write=True)
