from claimkb.extract.quotes import balance_marks, find_quotes


def inner(text: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotes(text)]


def test_curly_quotes():
    assert inner("She said: “We are ready.” Then she left.") == ["We are ready."]


def test_straight_quotes_pair_by_position():
    assert inner('"One," he said, "two."') == ["One,", "two."]


def test_guillemets_and_low_nine():
    assert inner("Er sagte „Ja“ und «Nein».") == ["Ja", "Nein"]


def test_tex_style_quotes():
    assert inner("``We will win,'' he said.") == ["We will win,"]


def test_unclosed_quote_closes_at_end_of_paragraph():
    quotes = find_quotes('"We will rebuild every home.  ')
    assert len(quotes) == 1
    assert not quotes[0].closed
    assert quotes[0].end == len('"We will rebuild every home.')


def test_apostrophes_are_not_quotes():
    assert inner("The port’s cranes and the city's roads") == []


def test_quote_offsets_include_the_marks():
    text = 'x "abc" y'
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == '"abc"'


def test_two_apostrophes_open_a_quote_too():
    """Some archives write '' for both marks: ''Ready,'' she said."""
    text = "''The pier is ready,'' said Mr. Pike. He called it ''a relief.''"
    assert inner(text) == ["The pier is ready,", "a relief."]


def test_a_closing_mark_that_starts_a_line_opens_a_quote():
    """A typo for “ at the start of a line; mid-line, ” still only closes."""
    text = "”The fair was a joy.” ― Ana Ruiz\n“We loved it,” said Ben.”"
    assert inner(text) == ["The fair was a joy.", "We loved it,"]


def test_a_straight_mark_after_any_dash_opens_a_quote():
    # the horizontal bar (U+2015) is HuffPost's dash
    for dash in ("—", "―", "–"):
        text = f'The pier stays shut{dash}"We have no money," the mayor said.'
        assert inner(text) == ["We have no money,"], dash


def _balanced(text: str, part: str) -> str:
    start = text.index(part)
    s, e = balance_marks(text, start, start + len(part))
    return text[s:e]


def test_a_span_takes_the_marks_of_a_quotation_it_holds_half_of():
    text = "She called the toll “a disgrace.” Then she left."
    assert _balanced(text, "called the toll “a disgrace") == "called the toll “a disgrace.”"
    assert _balanced(text, "a disgrace.” Then") == "“a disgrace.” Then"


def test_a_span_with_whole_quotations_or_none_is_left_alone():
    text = "He said “no” twice, and 'tis fine: the toll ''stays.''"
    for part in ("said “no” twice", "twice, and 'tis fine", "the toll ''stays"):
        assert _balanced(text, part) == (part if "''" not in part else "the toll ''stays.''")
