"""The audit test set: for each check, small knowledge bases (written by us) where
it must fire, and look-alikes where it must stay quiet.

Used by tests/test_audit.py (floors on precision and recall) and by
scripts/eval_audit.py (the exact figures).  Each case is {file name: text}.
"""

from __future__ import annotations

Case = dict[str, str]

CASES: dict[str, tuple[list[Case], list[Case]]] = {
    "unattributed": (
        [
            {"a.txt": "Floods hit the valley.\n\nAt least 12 people were killed in the floods.\n"},
            {"a.txt": "The fire spread overnight.\n\nHundreds of families were evacuated.\n"},
            {"a.txt": "Prices climbed again.\n\nBread now costs 40 percent more than in May.\n"},
            {"a.txt": "The roof fell in.\n\nThree workers were injured when the beams gave way.\n"},
        ],
        [
            {"a.txt": "Floods hit the valley.\n\nThe valley is known for its orchards.\n"},
            {"a.txt": "At least 12 people were killed in the floods, the police said.\n"},
            {"a.txt": "The fire spread overnight.\n\nThe town hall stayed open for visitors.\n"},
            {"a.txt": "The ferry sank.\n\nIt ran aground at about 2 a.m. on 3 March.\n"},
            {"a.txt": "The storm is the worst to hit the coast since 1987.\n"},
            {"a.txt": "The court met again.\n\nIt was the first session since the judge died.\n"},
            {"a.txt": "The mayor wants a second term.\n\nA good harvest can't hurt her chances.\n"},
        ],
    ),
    "unsourced-quote": (
        [
            {
                "a.txt": "The council met on Monday to discuss the pier.\n\n"
                "The minutes ran to forty pages.\n\n"
                "“The pier will be closed for good by the end of the year.”\n"
            },
            {
                "a.txt": "Leaflets appeared across the old town overnight.\n\n"
                "One of them was pinned to the church door.\n\n"
                "“The mayor has sold the harbour to the highest bidder.”\n"
            },
            {
                "a.txt": "The harbour office has pinned a new notice to its door.\n\n"
                "“Repairs to private berths are the owners’ business, not the city’s.”\n"
            },
        ],
        [
            {"a.txt": "“The pier will be closed for good,” the mayor said.\n"},
            {
                "a.txt": "Harbour master Jonah Pike said the channel was blocked.\n\n"
                "“We will need three more days to clear the wreck.”\n"
            },
            {"a.txt": "The council met on Monday.\n\nThe pier will be closed for good by May.\n"},
            {"a.txt": "Fishermen called the plan “a slow death for the fleet” on Monday.\n"},
        ],
    ),
    "vague-source": (
        [
            {"a.txt": "Sources said the minister would resign before the summer.\n"},
            {"a.txt": "Experts say the dam could fail in a heavy storm.\n"},
            {"a.txt": "The ferry will be sold, according to people familiar with the talks.\n"},
            {"a.txt": "Mayor Ann Lee reportedly told aides that the pier would close.\n"},
        ],
        [
            {"a.txt": "Jane Roe, the minister, said she would resign before the summer.\n"},
            {"a.txt": "Ada Lind, an engineer at the dam, said it could fail in a heavy storm.\n"},
            {"a.txt": "The ferry will be sold, according to the transport ministry.\n"},
            {
                "a.txt": "“The crews did well with all their resources,” said Dr. Tom Holt, "
                "the director of the coast guard.\n"
            },
        ],
    ),
    "unresolved": (
        [
            {"a.txt": "“We will not resign,” he said on Monday.\n"},
            {"a.txt": "She told reporters that the bridge was safe.\n"},
            {"a.txt": "“The river is rising,” she warned.\n"},
        ],
        [
            {"a.txt": "Mr. John Doe spoke first.\n\n“We will not resign,” he said on Monday.\n"},
            {"a.txt": "Ms. Ada Lind visited the site. She told reporters the bridge was safe.\n"},
            {"a.txt": "“The river is rising,” said Mayor Petra Holm.\n"},
        ],
    ),
    "headline-source": (
        [
            {"a.txt": "Minister denies resignation plan\n\nThe ministry was quiet on Monday.\n"},
            {"a.txt": "Mayor vows to rebuild the pier\n\nWork on the pier began in June.\n"},
            {"a.txt": "Union warns of port strike\n\nDockers met on Friday evening.\n"},
        ],
        [
            {"a.txt": "Storm closes the port\n\nJane Roe said the port would reopen soon.\n"},
            {"a.txt": "Pier repairs begin\n\nThe mayor said work on the pier began in June.\n"},
            {"a.txt": "A quiet week at the docks\n\nDockers met on Friday evening.\n"},
        ],
    ),
    "single-source": (
        [
            {
                "a.txt": "“The bridge will open in May,” said Jane Roe, the mayor.\n",
                "b.txt": "“The bridge will open in May,” Jane Roe said again.\n",
            },
            {
                "a.txt": "Ada Lind said the dam was safe for another decade.\n",
                "b.txt": "The dam was safe for another decade, Ada Lind said on Friday.\n",
            },
            {
                "a.txt": "John Doe said the ferry would run all winter.\n",
                "b.txt": "The ferry would run all winter, John Doe said.\n",
                "c.txt": "Shops closed early, the mayor said.\n",
            },
        ],
        [
            {
                "a.txt": "“The bridge will open in May,” said Jane Roe, the mayor.\n",
                "b.txt": "“The council will vote on the budget,” John Doe said.\n",
            },
            {
                "a.txt": "Ada Lind said the dam was safe for another decade.\n",
                "b.txt": "The dam was safe for another decade, the engineer Omar Sadik said.\n",
            },
            {"a.txt": "John Doe said the ferry would run all winter.\n"},
        ],
    ),
    "quote-drift": (
        [
            {
                "a.txt": "“We will rebuild every single home by winter,” said Jane Roe.\n",
                "b.txt": "“We will rebuild every home by the winter,” said Jane Roe.\n",
            },
            {
                "a.txt": "“The water is safe to drink from today,” said Ada Lind.\n",
                "b.txt": "“The water is safe to drink from tomorrow,” said Ada Lind.\n",
            },
            {
                "a.txt": "“Nobody on the ferry was left behind,” John Doe said.\n",
                "b.txt": "“Nobody on the ferry was ever left behind,” John Doe said.\n",
            },
        ],
        [
            {
                "a.txt": "“We will rebuild every single home by winter,” said Jane Roe.\n",
                "b.txt": "“We will rebuild every single home by winter!” said Jane Roe.\n",
            },
            {
                "a.txt": "“The water is safe to drink from today,” said Ada Lind.\n",
                "b.txt": "“The schools will reopen on Monday,” said Ada Lind.\n",
            },
            {
                "a.txt": "“Nobody on the ferry was left behind,” John Doe said.\n",
                "b.txt": "“Nobody on the ferry was left behind,” said Jane Roe.\n",
            },
        ],
    ),
    "conflicting-figures": (
        [
            {
                "a.txt": "The storm damaged 120 cars at the port, the police said.\n",
                "b.txt": "The storm damaged 150 cars at the port, the mayor said.\n",
            },
            {
                "a.txt": "Ada Lind said 40 people were rescued from the ferry.\n",
                "b.txt": "John Doe said 44 people were rescued from the ferry.\n",
            },
            {
                "a.txt": "The repairs will cost 3 million crowns, the council said.\n",
                "b.txt": "The repairs will cost 5 million crowns, the union said.\n",
            },
        ],
        [
            {
                "a.txt": "The storm damaged 120 cars at the port, the police said.\n",
                "b.txt": "The city will plant 150 trees along the river, the mayor said.\n",
            },
            {
                "a.txt": "Ada Lind said 40 people were rescued from the ferry.\n",
                "b.txt": "John Doe said 40 people were rescued from the ferry.\n",
            },
            {
                "a.txt": "The repairs will cost 3 million crowns, the council said.\n",
                "b.txt": "The union said 300 members would strike on Monday.\n",
            },
        ],
    ),
    "circular-sourcing": (
        [
            {
                "a.txt": "The Courier reported, citing the Gazette, that fares rose.\n",
                "b.txt": "The Gazette reported, citing the Courier, that fares rose.\n",
            },
            {
                "a.txt": "Coast Radio said, quoting the Island Post, that the pier was unsafe.\n",
                "b.txt": "The Island Post said, according to Coast Radio, the pier was unsafe.\n",
            },
            {
                "a.txt": "The North Herald reported, citing the Bay News, that the mill shut.\n",
                "b.txt": "The Bay News reported, citing Valley Wire, that the mill shut.\n",
                "c.txt": "Valley Wire reported, citing the North Herald, that the mill shut.\n",
            },
        ],
        [
            {
                "a.txt": "The Courier reported, citing the Gazette, that fares rose.\n",
                "b.txt": "The Gazette reported, citing the port board, that fares rose.\n",
            },
            {
                "a.txt": "Coast Radio said, quoting the Island Post, that the pier was unsafe.\n",
                "b.txt": "The Island Post said the pier was unsafe. Coast Radio was not asked.\n",
            },
            {
                "a.txt": "The North Herald reported, citing the Bay News, that the mill shut.\n",
                "b.txt": "The Bay News reported, citing Valley Wire, that the mill shut.\n",
                "c.txt": "Valley Wire reported that the mill shut.\n",
            },
        ],
    ),
}
