"""
The Ukrainian names the codifier does not give: Ukraine, its oblasts, Donbas, the neighbours and
Russia's border regions, and the starter gazetteer's towns (so a database that never loads the full
gazetteer still shows them in Ukrainian). Only empty names are filled: an editor's stay.
"""

from django.db import migrations

UKRAINIAN = {
    "ukraine": "Україна", "cherkasy-oblast": "Черкаська область", "chernihiv-oblast": "Чернігівська область",
    "chernivtsi-oblast": "Чернівецька область", "dnipropetrovsk-oblast": "Дніпропетровська область",
    "donetsk-oblast": "Донецька область", "ivano-frankivsk-oblast": "Івано-Франківська область",
    "kharkiv-oblast": "Харківська область", "kherson-oblast": "Херсонська область",
    "khmelnytskyi-oblast": "Хмельницька область", "kirovohrad-oblast": "Кіровоградська область",
    "crimea": "Автономна Республіка Крим", "kyiv": "Київ", "kyiv-oblast": "Київська область",
    "luhansk-oblast": "Луганська область", "lviv-oblast": "Львівська область",
    "mykolaiv-oblast": "Миколаївська область", "odesa-oblast": "Одеська область",
    "poltava-oblast": "Полтавська область", "rivne-oblast": "Рівненська область", "sevastopol": "Севастополь",
    "sumy-oblast": "Сумська область", "ternopil-oblast": "Тернопільська область",
    "vinnytsia-oblast": "Вінницька область", "volyn-oblast": "Волинська область",
    "zakarpattia-oblast": "Закарпатська область", "zaporizhzhia-oblast": "Запорізька область",
    "zhytomyr-oblast": "Житомирська область", "donbas": "Донбас",
    "siversk": "Сіверськ", "sloviansk": "Слов’янськ", "kramatorsk": "Краматорськ",
    "kostiantynivka": "Костянтинівка", "druzhkivka": "Дружківка", "pokrovsk": "Покровськ",
    "myrnohrad": "Мирноград", "bakhmut": "Бахмут", "chasiv-yar": "Часів Яр", "lyman": "Лиман",
    "dobropillia": "Добропілля", "donetsk": "Донецьк", "kupiansk": "Куп’янськ", "vovchansk": "Вовчанськ",
    "kharkiv": "Харків", "huliaipole": "Гуляйполе", "zaporizhzhia": "Запоріжжя", "dnipro": "Дніпро",
    "odesa": "Одеса", "luhansk": "Луганськ",
    "russia": "Росія", "moscow": "Москва", "kursk-oblast": "Курська область", "kursk-russia": "Курськ",
    "belgorod-oblast": "Бєлгородська область", "belgorod-russia": "Бєлгород",
    "bryansk-oblast": "Брянська область", "bryansk-russia": "Брянськ", "rostov-oblast": "Ростовська область",
    "rostov-on-don-russia": "Ростов-на-Дону", "voronezh-oblast": "Воронезька область",
    "voronezh-russia": "Воронеж", "belarus": "Білорусь", "minsk": "Мінськ", "poland": "Польща",
    "warsaw": "Варшава", "slovakia": "Словаччина", "bratislava": "Братислава", "hungary": "Угорщина",
    "budapest": "Будапешт", "romania": "Румунія", "bucharest": "Бухарест", "moldova": "Молдова",
    "chisinau": "Кишинів",
}  # fmt: skip


def fill(apps, schema_editor):
    Location = apps.get_model("locations", "Location")
    for slug, name in UKRAINIAN.items():
        Location.objects.filter(slug=slug, name_uk="").update(name_uk=name)


class Migration(migrations.Migration):
    dependencies = [("locations", "0004_region_codes_and_names")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
