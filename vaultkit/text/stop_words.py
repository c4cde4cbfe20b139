"""The words that are no phrase's content: stop words, and the filler a template's dates and
times add around its lines."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Negations are deliberately NOT stop-words: "can't sleep", "not enough", "don't know" and
# "no energy" are what a person means, and dropping the negation would turn the phrase into
# its opposite. Other contractions ("i'm", "it's", "that's") carry no content of their own.
# Feeling verbs ("feel", "felt") stay too: "feel alone" is the person's wording.
STOP_WORDS = _words(
    """
    a an the this that these those some any each every all both either such own same other
    another i me my mine myself we us our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their theirs themselves
    one ones what which who whom whose when where why how whatever whoever am is are was
    were be been being have has had having do does did doing done will would shall should
    can could may might must ought of at by for with about against between into through
    during before after above below to from up down in out on off over under again further
    than then once as until while upon within without around across along among behind
    beside besides toward towards via and but if or because so though although yet nor
    whether also else just really very still today yesterday tomorrow tonight here there now
    too quite rather even ever maybe perhaps only much more most less least lot lots bit
    kind sort pretty well actually basically probably definitely somehow anyway already
    always often soon few many several like got get gets getting thing things something
    anything everything i'm i've i'll i'd you're you've you'll you'd he's he'd he'll she's
    she'd she'll it's it'll we're we've we'll we'd they're they've they'll they'd that's
    there's here's what's who's let's how's where's when's why's that'll there'll oh ok okay
    yes yeah etc
    """
)

# Words that a rendered template adds around its own lines: dates ("Thursday, November 19th")
# and times ("9:05 pm"). They do not make a template's line the person's.
FILLER = _words(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec st nd rd th am pm
    """
)
