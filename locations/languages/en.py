"""
English: the words around a place name that tell what it is (see locations.languages).

Folded as detection folds words (lower case, no apostrophes or accents).
"""

from common.morphology import Kinds

#: Articles, prepositions and conjunctions the rules read.
THE, A, AND, IN, OF, BORDER, OBLAST = "the", "a", "and", "in", "of", "border", "oblast"


#: Words that place a name in a region ("Kostiantynivka in Zaporizhzhia Oblast"); English needs one.
PLACING = {IN}
REGION_MAY_FOLLOW = False
#: A one-word name in lowercase may still be one ("the siversk front"): only short ones must be capitalised.
#: A one-word name shared by a region and a village is the region's everyday name (Харківщина).
COLLOQUIAL_REGIONS = False
NAMES_CAPITALISED = False
#: Words before a name that make it part of another name (Ukrainian writes "вулиця Шевченка").
INSIDE_AFTER = set()
#: Words before a name that say it is a settlement, which lets a stop name through (Ukrainian: "с. Долина").
SETTLEMENT_BEFORE = set()
#: Regions listed by their adjectives before one "oblasts" (Ukrainian: "Сумська й Чернігівська області").
LIST_CONJUNCTIONS = set()


#: English names are not weighed word by word (locations.detection.evidence): nothing is known of a word.
CLOSED_CLASSES, SPATIAL_BEFORE, WITH, PERSON_TITLES = set(), set(), set(), set()
RAION, RAION_ABBREVIATION = "raion", None


def kinds(word):
    return Kinds()


def commonness(word):
    return 0.0


def agree(adjective, word):
    return False


def lemma(word):
    """English place names are not inflected: a word is its own dictionary form."""
    return word


def readings(word):
    return (word,)


#: Words that are also names of small places but mean something else in English news copy.
STOP_NAMES = {
    "bar", "mar", "ray", "tor", "ros", "lut", "hut", "mist", "pisky", "sokil", "zoria", "nova", "stara",
    "mala", "velyka", "verkhnia", "nyzhnia", "president", "army", "ukraine", "russia", "kremlin",
    "ukrainian", "russian", "front", "centre", "center", "east", "west", "north", "south", "union",
    "victory", "peace", "freedom", "liberty", "progress", "october", "may", "june", "august", "zelene",
    "zelenyi", "komunar", "shakhtar", "metalurh", "energetyk", "vesele", "krasne", "lenine",
    # English words that are, or are some source's spelling of, a village's name (checked against
    # English word frequencies when the codifier's 29,700 settlements joined the gazetteer).
    "as", "side", "human", "step", "male", "sad", "port", "smile", "marine", "marino", "hat", "mars", "vary",
    "wary", "lazy", "pole", "hart", "tin", "mega", "gut", "postal", "stare", "nobel", "hindi", "flora",
    "stalin", "edmonton", "mare", "baba", "milky", "shack", "lac", "spat", "rosenberg", "leipzig", "kodak",
    "mani", "ramadan", "bile", "stinky", "univ", "karan", "lug", "lis", "dil", "roy", "cop", "luck", "hai",
    "raj", "rai", "sai", "isa", "cir", "civ", "minaj", "sari", "sumo", "sasha", "tamara", "nikita", "rohan",
    "luka", "nadia",
}  # fmt: skip
#: Phrases that contain a place name but are not places (rivers, seas): matched and then dropped.
NOT_PLACES = {
    "siverskyi donets", "black sea", "sea of azov", "azov sea", "dnipro river", "donets river",
    "oskil river", "kakhovka reservoir", "donetsk people's republic", "luhansk people's republic",
}  # fmt: skip
#: First names that are also names of towns: skipped when a capitalised surname follows.
FIRST_NAMES = {
    "volodymyr", "oleksandr", "andrii", "olena", "iryna", "vadym", "serhii", "mykola", "ivan", "petro",
    "vitalii", "taras", "bohdan", "yurii", "maksym", "dmytro", "oleh", "viktor", "anna", "mariia",
    "natalia", "olha", "oksana", "tetiana", "sofiia", "pavlo", "roman", "yevhen", "ihor", "vasyl",
    "lesia", "lesya", "hryhorii", "mykhailo", "yaroslav", "sydir", "stepan", "ivana", "lina", "marko",
    "kyrylo", "denys", "rustem", "yulia", "andriy", "oleksii", "valerii", "vitali", "yevheniia",
    "vladimir", "alexander", "nikolai", "sergei", "dmitry", "yuri", "mikhail",
}  # fmt: skip
#: Words after a name that make it part of another name: a street, a river or dam, a plant, a
#: military direction. "The Kakhovka dam" is not Kakhovka, "Shevchenko Street" not Shevchenko.
INSIDE_A_NAME = {
    "street", "st", "avenue", "boulevard", "lane", "highway", "prospekt", "embankment",
    "river", "rivers", "reservoir", "dam", "hydroelectric", "nuclear", "thermal",
    "direction", "axis", "sector", "front",
}  # fmt: skip
#: The same, only when written with a capital: "Kyiv School of Economics", but "a Kharkiv school".
INSIDE_A_TITLE = {
    "university", "school", "institute", "academy", "polytechnic", "national", "power", "plant", "station",
    "arena", "stadium",
}  # fmt: skip
#: Words before a name that make it a football club's: "Shakhtar Donetsk", "Dynamo Kyiv", "FC Dnipro".
CLUBS = {
    "shakhtar", "dynamo", "zorya", "zoria", "metalist", "chornomorets", "vorskla", "karpaty", "obolon",
    "kryvbas", "polissya", "polissia", "veres", "rukh", "inhulets", "kolos", "metalurh", "olimpik", "fc",
}  # fmt: skip
#: Rivers that share their name with a town: "the Dnipro" is the river, "Dnipro" the city.
RIVERS = {"dnipro", "oskil", "donets", "vovcha", "inhulets", "desna", "psel", "sula", "kalmius", "aidar", "samara"}
#: ...unless the word after says otherwise ("the Dnipro city council").
NOT_THE_RIVER = {"city", "council", "region", "regional", "mayor", "metro", "airport"}
#: Words after a name that make it its region's: "the Kharkiv regional council", "the Kherson governor".
REGION_WORDS = {"regional", "governor", "governors"}
#: Plural words closing a list of regions: "the Sumy and Chernihiv regions".
REGION_LISTS = {"regions", "oblasts"}
#: Capitals that stand for their governments when they act: "Kyiv said", "Moscow claimed".
CAPITALS = {"kyiv", "moscow", "minsk", "warsaw", "budapest", "bucharest", "chisinau", "bratislava"}
GOVERNMENT_VERBS = {
    "said", "says", "say", "claimed", "claims", "claim", "insisted", "insists", "insist", "accused", "accuses",
    "warned", "warns", "rejected", "rejects", "agreed", "agrees", "denied", "denies", "demanded", "demands",
    "wants", "wanted", "asked", "asks", "announced", "announces", "responded", "responds", "called", "calls",
    "argued", "argues", "hopes", "hoped", "expects", "expected", "threatened", "threatens", "refused",
    "refuses", "welcomed", "welcomes", "condemned", "condemns", "promised", "promises", "proposed",
    "proposes", "accepted", "accepts", "confirmed", "confirms", "held", "holds", "signed", "signs",
    "believes", "believed", "considers", "considered", "ordered", "orders", "sent", "sends",
}  # fmt: skip
AUXILIARIES = {"has", "had", "have", "is", "was", "will", "would", "could", "also", "did", "does", "not", "then"}
#: A name placed in Russia by the words around it ("Popivka, a village in Russia's Kursk region").
SETTLEMENT_WORDS = {"village", "town", "city", "settlement"}
ABROAD = {"russia", "russian"}
#: Words before a name that make it another name of the place just named: "Niu-York, renamed from
#: Novhorodske", "Bakhmut (formerly Artemivsk)". Read backwards from the name, longest first.
FORMER_NAME_CUES = {
    ("renamed", "from"), ("formerly",), ("formerly", "known", "as"), ("formerly", "called"),
    ("previously", "known", "as"), ("previously", "called"), ("once", "called"), ("once", "known", "as"),
    ("then", "called"), ("then", "known", "as"), ("called", "until"), ("known", "until"),
}  # fmt: skip
