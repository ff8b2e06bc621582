"""What the worker needs first, read from the words: an allegation about someone who works with children
goes to the Designated Officer route, an urgent request to the contacts for this moment.

These override the intent classifier because a wrong first answer here costs time a child may not have:
"a foster carer slapped the child she looks after" must not open the children-in-care visits procedure.
"""

from __future__ import annotations

import re

# People who work or volunteer with children, in person or online.
_ROLE = (
    r"teachers?|head ?teachers?|heads? of year|teaching assistants?|\bTAs?\b|\bLSAs?\b|senco|dsl"
    r"|foster ?carers?|foster (?:mum|dad|parents?)|residential (?:worker|staff|carer)s?"
    r"|care (?:home )?(?:worker|staff)s?"
    r"|support workers?|key ?workers?|youth workers?|youth leaders?|scout leaders?|brownie leaders?"
    r"|(?:football |swimming |dance |boxing |sports? )?coach(?:es)?|instructors?|tutors?|childminders?"
    r"|nursery (?:worker|staff|nurse|teacher|practitioner)s?|nursery|creche (?:worker|staff)|nanny|nannies|au pair"
    r"|pastors?|imams?|priests?|vicars?|rabbis?|faith leaders?|church (?:leader|worker|volunteer)s?|madrassa teachers?"
    r"|(?:taxi |minibus |bus |school )?drivers?|escorts?|dinner ladies|dinner lady|lunchtime supervisors?"
    r"|(?:a |the )?(?:member of staff|staff member|volunteer)s?|social workers?|police officers?|doctors?|nurses?"
    r"|mentors?|coaches"
)
_HARM = (
    r"hit|hits|hitting|slap(?:s|ped|ping)?|punch(?:es|ed|ing)?|kick(?:s|ed|ing)?|push(?:es|ed|ing)?|shov(?:e|es|ed)"
    r"|grab(?:s|bed|bing)?|hurt(?:s|ing)?|harm(?:s|ed|ing)?|assault(?:s|ed|ing)?|abus(?:e|es|ed|ing)|restrain(?:s|ed)?"
    r"|touch(?:es|ed|ing)?|kiss(?:es|ed|ing)?|groom(?:s|ed|ing)?|sexual(?:ly)?|inappropriate(?:ly)?|indecent"
    r"|messag(?:e|es|ed|ing)|snapchat(?:ted|ting)?|dm(?:s|ed|'d)?|sent (?:her|him|them) (?:pictures|photos|pics)"
    r"|shout(?:s|ed|ing)? at|swore at|threaten(?:s|ed|ing)?|locked (?:her|him|them) in|smacked|beat|beaten"
    r"|accused of"
)
# Between the person and what they did, any few words but those that hand the act to someone else ("she told
# her teacher that mum hit her" is about mum): reporting words, conjunctions and family members.
_NOT_BETWEEN = (
    r"that|told|tells|tell|said|says|say|saw|seen|noticed|reported|reports|and|but|because|when|after|while"
    r"|mum|mother|dad|father|parents?|step(?:dad|mum|father|mother)|partner|boyfriend|girlfriend|brother|sister"
    r"|uncle|aunt|auntie|nan|gran|grandad|cousin|husband|wife|he|she|they|someone|somebody"
)
_BETWEEN = rf"(?:\s+(?!(?:{_NOT_BETWEEN})\b)[\w'’-]+){{0,9}}?"
_ALLEGATION_RE = re.compile(
    rf"\b(?:{_ROLE}){_BETWEEN}\s+(?:{_HARM})\b"
    rf"|\b(?:{_HARM})\b(?:\s+\w+){{0,3}}?\s+by (?:a |the |her |his |their |one of the )?(?:\w+ )?(?:{_ROLE})\b"
    rf"|\ballegations? (?:against|about) (?:a |an |the |her |his |their |one of the )?(?:\w+ )?"
    rf"(?:{_ROLE}|professional|staff)\b"
    # "the imam at the mosque school, parents say he hits the boys": a family or children report what the
    # person did (a professional's report, "the teacher said she hit her brother", is left alone).
    rf"|\b(?:{_ROLE})\b[^.!?\n]{{0,60}}?\b(?:parents?|families|mums?|dads?|children|kids|boys|girls|pupils|students)"
    rf" (?:say|says|said|report|reports|reported|tell us|told us|claim|claims)(?: that)? (?:he|she|they) (?:{_HARM})\b",
    re.I,
)
_URGENT_RE = re.compile(
    r"\b(?:urgent(?:ly)?|asap|right now|straight ?away|immediately|tonight|this (?:evening|weekend)|out of hours"
    r"|at this (?:hour|time)|\d{1,2}(?::\d\d)? ?(?:pm|am)|middle of the night|bank holiday)\b",
    re.I,
)
_NEED_RE = re.compile(
    r"\b(?:need|get hold of|speak to|talk to|contact|call|ring|phone|reach|who (?:do|can|should) i|anyone|someone)\b"
    r"[^.!?\n]{0,50}?\b(?:social (?:care|services|worker)|duty|someone|anyone|help|edt|emergency duty|out of hours"
    r"|a social worker|the council|children'?s services|mash|front door)\b",
    re.I,
)


def is_allegation(text: str) -> bool:
    """A concern that someone who works or volunteers with children has harmed one (or may be unsafe)."""
    return bool(_ALLEGATION_RE.search(text))


def is_urgent_request(text: str) -> bool:
    """An urgent request to reach children's social care ("it's 11pm and I need social care urgently")."""
    return bool(_URGENT_RE.search(text) and _NEED_RE.search(text))
