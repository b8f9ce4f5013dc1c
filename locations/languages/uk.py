"""
Ukrainian: the words around a place name that tell what it is (see locations.languages), in their
dictionary forms, since Ukrainian text is lemmatised before it is read ("у Сіверську" is read as
"у сіверськ"), and names are matched in any of their cases.
"""

import functools

from common.morphology import CLOSED_CLASSES as CLOSED_CLASSES
from common.morphology import agree as agree
from common.morphology import kinds as kinds
from common.morphology import lemma as _lemma
from common.morphology import readings as _readings

from ..models import fold_name

#: Ukrainian has no articles; the rules that read one never fire.
THE, A, OF = "", "", ""
AND, IN, BORDER, OBLAST, RAION = "і", "у", "прикордонний", "область", "район"
#: "р-н", "р-ні", "р-ну": the abbreviation of "район", in its cases.
RAION_ABBREVIATION = ("р", {"н", "ні", "ну", "на", "ном"})
#: Words that place a name in a region, and whether the region may follow the name with none
#: ("Костянтинівка Миколаївської області").
PLACING = {"у", "в", "на"}
REGION_MAY_FOLLOW = True
#: Names are written with a capital letter: a lowercase word is never one.
#: A one-word name shared by a region and a village is the region's everyday name (Харківщина).
COLLOQUIAL_REGIONS = True
NAMES_CAPITALISED = True


#: Words before a name that say it is a settlement: "с. Долина", "смт Нова Водолага", "у місті Ізюм".
SETTLEMENT_BEFORE = {
    "с", "м", "смт", "сел", "село", "селі", "села", "місто", "місті", "міста", "містечко", "містечку", "містечка",
    "селище", "селищі", "селища", "хутір", "хуторі", "хутора",
}  # fmt: skip
#: Prepositions of place other than PLACING: "під Покровськом", "біля Костянтинівки", "з Херсона".
SPATIAL_BEFORE = {
    "під", "біля", "поблизу", "неподалік", "довкола", "навколо", "до", "з", "із", "зі", "від", "через",
    "між", "поміж", "поруч", "за", "над", "околиці", "околицях", "напрямку",
}  # fmt: skip
#: Words before a person's name, in their dictionary forms: "святого Миколая", "пані Білку".
PERSON_TITLES = {"святий", "пан", "пані", "отець", "князь", "король", "цар", "гетьман", "митрополит", "владика"}
#: "з" is "from" before a place (genitive) and "with" before a person (instrumental).
WITH = {"з", "із", "зі"}


@functools.lru_cache(maxsize=100_000)
def commonness(word):
    """How common the word is in Ukrainian text, on the Zipf scale (wordfreq's list; 0: unknown)."""
    from wordfreq import zipf_frequency  # Loaded on first use: English-only processes never pay for it.

    return zipf_frequency(word, "uk")


def lemma(word):
    """A word's likeliest dictionary form, for reading the words around a name."""
    return _lemma(word)


def readings(word):
    """
    Every dictionary form a word may have, for matching names ("Сіверська": сіверськ, or the
    feminine of сіверський); an adjective's keeps its gender, as names do.
    """
    return _readings(word)


#: Words written with a capital at the start of a sentence that are also villages' names (checked
#: against Ukrainian word frequencies when the codifier's villages joined the gazetteer).
STOP_NAMES = {
    "добре", "правда", "новий", "новини", "слава", "нова", "хотів", "головне", "рівня", "шлях", "звідки",
    "захист", "майбутнє", "любов", "щастя", "батьки", "свобода", "завод", "площі", "українське", "нове",
    "кордон", "батьків", "джерело", "користь", "сила", "перемога", "прапор", "українець", "велике",
    "боротьба", "культура", "доля", "добра", "схід", "поле", "машина", "хороша", "замок", "гори", "надія",
    "змагання", "новина", "малий", "відродження", "квіти", "сторона", "хвилі", "високий", "заклад",
    "третє", "середня", "зірка", "ліс", "ставки", "батьківщина", "річки", "камінь", "громада", "вікно",
    "розділ", "потік", "чорна", "острів", "воля", "сигнал", "спокій", "біла", "прибуток", "атаки", "лінія",
    "сад", "озера", "озеро", "кулі", "громадське", "ранок", "козаки", "зборів", "вересня", "голови", "тур",
    "мир", "зоря", "дружба", "прогрес", "маяк", "степ", "світанок", "нива", "гай", "промінь", "весна",
    "мрія", "берег", "хвиля", "селище", "містечко", "вокзал", "річка", "долина", "червоне", "вільне",
    "мирне", "веселе", "зелене", "широке", "щасливе", "сонячне", "світле", "трудове", "високе", "лісове",
    "пам’ятник", "шахтар", "яр", "металіст",
}  # fmt: skip
#: Phrases that contain a place name but are not places (rivers, seas), as written: they are matched
#: in any case, like names.
NOT_PLACES = {
    "Сіверський Донець", "Чорне море", "Азовське море", "Каховське водосховище", "Донецька народна республіка",
    "Луганська народна республіка",
}  # fmt: skip
#: First names that are also names of villages: skipped when a capitalised surname follows.
FIRST_NAMES = {
    "володимир", "олександр", "тарас", "богдан", "леся", "іван", "петро", "андрій", "олена", "ірина",
    "вадим", "сергій", "микола", "віталій", "юрій", "максим", "дмитро", "олег", "віктор", "анна", "марія",
    "наталія", "ольга", "оксана", "тетяна", "софія", "павло", "роман", "євген", "ігор", "василь",
    "григорій", "михайло", "ярослав", "степан", "денис", "юлія", "олексій", "валерій", "кирило", "марко",
}  # fmt: skip
#: Words after a name that make it part of another name: "Харків Арена"; most Ukrainian names of
#: streets, rivers and plants put the common word first and are read by INSIDE_AFTER below.
INSIDE_A_NAME = {"напрямок", "арена", "шахтар", "металіст", "зоря", "дніпро-1", "динамо", "ворскла", "кривбас"}
INSIDE_A_TITLE = {"університет", "політехніка", "академія"}
#: Words before a name that make it part of another name: "вулиця Шевченка", "річка Оскіл",
#: "проспект Бандери", "ФК Дніпро", "Харківська ТЕЦ" reads the other way and is an adjective.
INSIDE_AFTER = {
    "вулиця", "проспект", "бульвар", "провулок", "площа", "річка", "водосховище", "гес", "аес", "тес",
    "фк", "клуб", "стадіон", "школа", "університет", "імені", "ім",
}  # fmt: skip
CLUBS = {"динамо", "шахтар", "зоря", "металіст", "чорноморець", "ворскла", "карпати", "кривбас", "полісся"}
RIVERS = set()  # Ukrainian writes "річка Дніпро" (INSIDE_AFTER) where English writes "the Dnipro".
NOT_THE_RIVER = set()
#: Words after a region's adjective that make it the region: "Харківська обласна рада".
REGION_WORDS = {"обласний", "ова", "обл"}
#: Plural words closing a list of regions: "Сумська й Чернігівська області"; the words joining the list.
REGION_LISTS = {"область"}
LIST_CONJUNCTIONS = {"і", "й", "та"}
#: Capitals that stand for their governments when they act: "Київ заявив", "Москва стверджує".
CAPITALS = {"київ", "москва", "мінськ", "варшава", "будапешт", "бухарест", "кишинів", "братислава"}
GOVERNMENT_VERBS = {
    "заявити", "заявляти", "стверджувати", "наполягати", "звинуватити", "звинувачувати", "попередити",
    "попереджати", "відкинути", "відкидати", "погодитися", "погоджуватися", "заперечити", "заперечувати",
    "вимагати", "хотіти", "просити", "попросити", "оголосити", "оголошувати", "відповісти", "відповідати",
    "наголосити", "наголошувати", "сподіватися", "очікувати", "погрожувати", "відмовитися", "відмовлятися",
    "вітати", "привітати", "засудити", "засуджувати", "пообіцяти", "обіцяти", "запропонувати",
    "пропонувати", "підтвердити", "підтверджувати", "підписати", "наказати", "вважати", "закликати",
}  # fmt: skip
AUXILIARIES = {"вже", "також", "знову", "не", "ще", "офіційно"}
#: A name placed in Russia by the words around it ("село Попівка в Курській області Росії").
SETTLEMENT_WORDS = {"село", "місто", "селище"}
ABROAD = {"росія", "російський"}
#: Words before a name that make it another name of the place just named: "перейменований з".
FORMER_NAME_CUES = {
    ("колишній",), ("раніше",), ("перейменувати", "з"), ("до", "перейменування"), ("раніше", "називатися"),
}  # fmt: skip


def _folded(words):
    """Detection compares folded words (no case, apostrophes or diacritics: "й" reads as "и")."""
    return {fold_name(word) for word in words}


STOP_NAMES, FIRST_NAMES = _folded(STOP_NAMES), _folded(FIRST_NAMES)
INSIDE_A_NAME, INSIDE_A_TITLE, INSIDE_AFTER = _folded(INSIDE_A_NAME), _folded(INSIDE_A_TITLE), _folded(INSIDE_AFTER)
CLUBS, REGION_WORDS, REGION_LISTS, CAPITALS = (
    _folded(CLUBS),
    _folded(REGION_WORDS),
    _folded(REGION_LISTS),
    _folded(CAPITALS),
)
GOVERNMENT_VERBS, AUXILIARIES = _folded(GOVERNMENT_VERBS), _folded(AUXILIARIES)
LIST_CONJUNCTIONS = _folded(LIST_CONJUNCTIONS)
SETTLEMENT_WORDS, ABROAD, PLACING = _folded(SETTLEMENT_WORDS), _folded(ABROAD), _folded(PLACING)
SETTLEMENT_BEFORE, SPATIAL_BEFORE, WITH = _folded(SETTLEMENT_BEFORE), _folded(SPATIAL_BEFORE), _folded(WITH)
PERSON_TITLES = _folded(PERSON_TITLES)
AND, IN, BORDER, OBLAST, RAION = fold_name(AND), fold_name(IN), fold_name(BORDER), fold_name(OBLAST), fold_name(RAION)
RAION_ABBREVIATION = (fold_name(RAION_ABBREVIATION[0]), {fold_name(ending) for ending in RAION_ABBREVIATION[1]})
FORMER_NAME_CUES = {tuple(fold_name(word) for word in cue) for cue in FORMER_NAME_CUES}
