"""A small hand-written vocabulary of Danish general practice, for grouping short board posts.

`TERMS` maps a word (or a part of compounds) to the concept it is about: synonyms ("sygehus", "hospital")
and the parts of compounds ("hjemmeplejen", "vikarordning") then meet in one concept. `CONCEPT_LABELS` gives
the Danish label a suggested theme gets when the concept is central to it.

Matching rules (see `textsim`): a term matches a word with the same stem; a term or its stem of five letters
or more also matches inside a longer word ("pause" in "frokostpausen"); shorter terms ("it", "epj") match
whole words or compound parts only.
"""

from __future__ import annotations

CONCEPT_LABELS: dict[str, str] = {
    "kommune": "Kommune og hjemmepleje",
    "sygehus": "Sygehus og hospital",
    "kursus": "Fælles kurser og undervisning",
    "vikar": "Vikarer og afløsning",
    "it": "IT og lægesystem",
    "pause": "Pauser og restitution",
    "admin": "Administrative opgaver",
    "netvaerk": "Kollegialt netværk og sparring",
    "patient": "Patienter og forventninger",
    "personale": "Personale og rekruttering",
    "politik": "Region og PLO",
}

# fmt: off
_BY_CONCEPT: dict[str, tuple[str, ...]] = {
    "kommune": (
        "kommune", "kommunal", "hjemmepleje", "hjemmesygepleje", "hjemmesygeplejerske", "sygeplejerske",
        "hjemmehjælp", "plejehjem", "plejecenter", "plejebolig", "visitation", "visitator", "sosu",
        "genoptræning", "rehabilitering", "borger", "jobcenter", "sagsbehandler",
        "socialrådgiver", "demenskoordinator", "sundhedscenter", "akutteam", "forebyggelse",
    ),
    "sygehus": (
        "sygehus", "hospital", "afdeling", "speciallæge", "overlæge", "ambulatorium", "ambulant",
        "akutmodtagelse", "skadestue", "udskrivelse", "udskrivning", "indlæggelse", "indlagt", "epikrise",
        "henvisning", "praksiskonsulent", "psykiatri", "kirurgisk", "medicinsk", "ortopæd", "røntgen",
    ),
    "kursus": (
        "kursus", "kurser", "efteruddannelse", "uddannelse", "undervisning", "temadag", "fyraftensmøde",
        "aftenmøde", "oplæg", "oplægsholder", "foredrag", "workshop", "webinar", "faglig", "læring",
        "opkvalificering", "supervision",
    ),
    "vikar": (
        "vikar", "afløser", "afløsning", "ferie", "ferieafløsning", "sommerferie", "sygdom", "syg", "fravær",
        "dække", "vikarbank", "vikarpulje", "vagtplan", "bemanding", "barsel",
    ),
    "it": (
        "it", "edb", "epj", "journalsystem", "lægesystem", "system", "computer", "software", "skabelon",
        "genvej", "medcom", "webpatient", "xmo", "novax", "multimed", "fmk",
        "videokonsultation", "webbooking", "telefonsystem", "server", "support", "superbruger", "digital",
        "integration",
    ),
    "pause": (
        "pause", "frokost", "frokostpause", "kaffepause", "mikropause", "restitution", "hvile", "gåtur",
        "motion", "mindfulness", "lukketid", "fritid", "overarbejde", "arbejdstid",
        "restituere", "åndehul",
    ),
    "admin": (
        "administration", "administrativ", "attest", "statusattest", "blanket", "papirarbejde", "papir",
        "bureaukrati", "dokumentation", "indberetning", "regnskab", "bogholder", "bogføring", "løn",
        "sekretær", "sekretærfunktion", "akkreditering", "kvalitetssikring", "registrering", "uddelegere",
        "delegering", "opgaveglidning",
    ),
    "netvaerk": (
        "kollega", "kolleger", "kollegial", "sparring", "netværk", "netværksgruppe", "erfa", "erfagruppe",
        "mentor", "mentorordning", "socialt", "samvær", "sammenhold", "fællesskab", "julefrokost", "klyngetur",
        "solo", "sololæge", "ensom",
    ),
    "patient": (
        "patient", "forventning", "forventningsafstemning", "defensiv", "krav", "klage", "plakat", "skilt",
        "hjemmeside", "udmelding", "retningslinje",
    ),
    "personale": ("personale", "rekruttering", "ansættelse", "klinikpersonale", "uddannelseslæge", "kbu"),
    "politik": ("region", "plo", "overenskomst", "politiker", "sundhedsstyrelse", "lægeforening"),
}
# fmt: on

TERMS: dict[str, str] = {term: concept for concept, terms in _BY_CONCEPT.items() for term in terms}
