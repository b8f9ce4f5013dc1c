"""
A starter gazetteer of Ukraine: the country, its 24 oblasts, Crimea, the two
cities with special status, Donbas, and the towns the newsroom reports on most.

Coordinates are those of the oblast's administrative centre or the town
(WGS84, rounded); populations are pre-2022 estimates, used only to prefer the
larger of two places that share a name. The full gazetteer is loaded by the
import_places command.
"""

from django.db import migrations

# slug, name, kind, parent slug, latitude, longitude, population, alternative names
PLACES = [
    ("ukraine", "Ukraine", "country", None, 49.0, 31.4, 41_000_000, ["Україна", "Украина"]),
    # Oblasts, the autonomous republic and the two cities with special status.
    ("cherkasy-oblast", "Cherkasy Oblast", "region", "ukraine", 49.444, 32.060, None, ["Cherkasy region", "Черкаська область", "Черкащина"]),
    ("chernihiv-oblast", "Chernihiv Oblast", "region", "ukraine", 51.494, 31.294, None, ["Chernihiv region", "Чернігівська область", "Чернігівщина"]),
    ("chernivtsi-oblast", "Chernivtsi Oblast", "region", "ukraine", 48.292, 25.936, None, ["Chernivtsi region", "Чернівецька область", "Буковина"]),
    ("dnipropetrovsk-oblast", "Dnipropetrovsk Oblast", "region", "ukraine", 48.464, 35.046, None, ["Dnipropetrovsk region", "Dnipro region", "Дніпропетровська область", "Дніпропетровщина"]),
    ("donetsk-oblast", "Donetsk Oblast", "region", "ukraine", 48.016, 37.803, None, ["Donetsk region", "Донецька область", "Донеччина", "Донецкая область"]),
    ("ivano-frankivsk-oblast", "Ivano-Frankivsk Oblast", "region", "ukraine", 48.923, 24.711, None, ["Ivano-Frankivsk region", "Івано-Франківська область", "Прикарпаття"]),
    ("kharkiv-oblast", "Kharkiv Oblast", "region", "ukraine", 49.994, 36.230, None, ["Kharkiv region", "Kharkov region", "Харківська область", "Харківщина"]),
    ("kherson-oblast", "Kherson Oblast", "region", "ukraine", 46.636, 32.617, None, ["Kherson region", "Херсонська область", "Херсонщина"]),
    ("khmelnytskyi-oblast", "Khmelnytskyi Oblast", "region", "ukraine", 49.422, 26.987, None, ["Khmelnytskyi region", "Хмельницька область", "Хмельниччина"]),
    ("kirovohrad-oblast", "Kirovohrad Oblast", "region", "ukraine", 48.508, 32.262, None, ["Kirovohrad region", "Кіровоградська область", "Кіровоградщина"]),
    ("crimea", "Crimea", "region", "ukraine", 44.952, 34.102, None, ["Autonomous Republic of Crimea", "Crimean peninsula", "Автономна Республіка Крим", "Крим", "Крым"]),
    ("kyiv", "Kyiv", "settlement", "ukraine", 50.450, 30.524, 2_950_000, ["Kiev", "Київ", "Киев"]),
    ("kyiv-oblast", "Kyiv Oblast", "region", "ukraine", 50.053, 30.767, None, ["Kyiv region", "Kiev region", "Київська область", "Київщина"]),
    ("luhansk-oblast", "Luhansk Oblast", "region", "ukraine", 48.574, 39.307, None, ["Luhansk region", "Lugansk region", "Луганська область", "Луганщина"]),
    ("lviv-oblast", "Lviv Oblast", "region", "ukraine", 49.839, 24.030, None, ["Lviv region", "Львівська область", "Львівщина"]),
    ("mykolaiv-oblast", "Mykolaiv Oblast", "region", "ukraine", 46.975, 31.995, None, ["Mykolaiv region", "Nikolaev region", "Миколаївська область", "Миколаївщина"]),
    ("odesa-oblast", "Odesa Oblast", "region", "ukraine", 46.482, 30.723, None, ["Odesa region", "Odessa region", "Одеська область", "Одещина"]),
    ("poltava-oblast", "Poltava Oblast", "region", "ukraine", 49.589, 34.551, None, ["Poltava region", "Полтавська область", "Полтавщина"]),
    ("rivne-oblast", "Rivne Oblast", "region", "ukraine", 50.619, 26.251, None, ["Rivne region", "Рівненська область", "Рівненщина"]),
    ("sevastopol", "Sevastopol", "settlement", "ukraine", 44.617, 33.525, 510_000, ["Севастополь"]),
    ("sumy-oblast", "Sumy Oblast", "region", "ukraine", 50.907, 34.798, None, ["Sumy region", "Сумська область", "Сумщина"]),
    ("ternopil-oblast", "Ternopil Oblast", "region", "ukraine", 49.553, 25.595, None, ["Ternopil region", "Тернопільська область", "Тернопільщина"]),
    ("vinnytsia-oblast", "Vinnytsia Oblast", "region", "ukraine", 49.233, 28.468, None, ["Vinnytsia region", "Вінницька область", "Вінниччина"]),
    ("volyn-oblast", "Volyn Oblast", "region", "ukraine", 50.747, 25.325, None, ["Volyn region", "Волинська область", "Волинь"]),
    ("zakarpattia-oblast", "Zakarpattia Oblast", "region", "ukraine", 48.621, 22.288, None, ["Zakarpattia region", "Transcarpathia", "Закарпатська область", "Закарпаття"]),
    ("zaporizhzhia-oblast", "Zaporizhzhia Oblast", "region", "ukraine", 47.838, 35.140, None, ["Zaporizhzhia region", "Zaporozhye region", "Запорізька область", "Запорожская область"]),
    ("zhytomyr-oblast", "Zhytomyr Oblast", "region", "ukraine", 50.255, 28.659, None, ["Zhytomyr region", "Житомирська область", "Житомирщина"]),
    # Informal areas.
    ("donbas", "Donbas", "area", "ukraine", 48.3, 38.2, None, ["Donbass", "Донбас", "Донбасс"]),
    # Towns and cities of the eastern front and the regional centres the stories mention.
    ("siversk", "Siversk", "settlement", "donetsk-oblast", 48.866, 38.100, 10_875, ["Seversk", "Сіверськ", "Северск"]),
    ("sloviansk", "Sloviansk", "settlement", "donetsk-oblast", 48.852, 37.605, 106_000, ["Slovyansk", "Slavyansk", "Слов'янськ", "Слов’янськ", "Славянск"]),
    ("kramatorsk", "Kramatorsk", "settlement", "donetsk-oblast", 48.723, 37.556, 150_000, ["Краматорськ", "Краматорск"]),
    ("kostiantynivka", "Kostiantynivka", "settlement", "donetsk-oblast", 48.527, 37.707, 67_000, ["Kostyantynivka", "Konstantinovka", "Костянтинівка", "Константиновка"]),
    ("druzhkivka", "Druzhkivka", "settlement", "donetsk-oblast", 48.630, 37.556, 55_000, ["Druzhkovka", "Дружківка", "Дружковка"]),
    ("pokrovsk", "Pokrovsk", "settlement", "donetsk-oblast", 48.282, 37.176, 60_000, ["Krasnoarmiisk", "Krasnoarmeysk", "Покровськ", "Покровск"]),
    ("myrnohrad", "Myrnohrad", "settlement", "donetsk-oblast", 48.302, 37.266, 46_000, ["Mirnograd", "Dymytrov", "Мирноград"]),
    ("bakhmut", "Bakhmut", "settlement", "donetsk-oblast", 48.595, 38.000, 71_000, ["Artemivsk", "Artyomovsk", "Бахмут"]),
    ("chasiv-yar", "Chasiv Yar", "settlement", "donetsk-oblast", 48.588, 37.836, 12_000, ["Chasov Yar", "Часів Яр", "Часов Яр"]),
    ("lyman", "Lyman", "settlement", "donetsk-oblast", 48.989, 37.803, 20_000, ["Krasnyi Lyman", "Liman", "Лиман"]),
    ("dobropillia", "Dobropillia", "settlement", "donetsk-oblast", 48.470, 37.085, 28_000, ["Dobropolye", "Добропілля", "Доброполье"]),
    ("donetsk", "Donetsk", "settlement", "donetsk-oblast", 48.015, 37.803, 900_000, ["Stalino", "Донецьк", "Донецк"]),
    ("kupiansk", "Kupiansk", "settlement", "kharkiv-oblast", 49.712, 37.616, 27_000, ["Kupyansk", "Куп'янськ", "Куп’янськ", "Купянск"]),
    ("vovchansk", "Vovchansk", "settlement", "kharkiv-oblast", 50.290, 36.941, 17_000, ["Volchansk", "Вовчанськ", "Волчанск"]),
    ("kharkiv", "Kharkiv", "settlement", "kharkiv-oblast", 49.994, 36.230, 1_430_000, ["Kharkov", "Харків", "Харьков"]),
    ("huliaipole", "Huliaipole", "settlement", "zaporizhzhia-oblast", 47.662, 36.256, 13_000, ["Hulyaipole", "Gulyaipole", "Гуляйполе"]),
    ("zaporizhzhia", "Zaporizhzhia", "settlement", "zaporizhzhia-oblast", 47.838, 35.140, 720_000, ["Zaporozhye", "Запоріжжя", "Запорожье"]),
    ("dnipro", "Dnipro", "settlement", "dnipropetrovsk-oblast", 48.464, 35.046, 970_000, ["Dnipropetrovsk", "Dnepr", "Дніпро", "Днепр"]),
    ("odesa", "Odesa", "settlement", "odesa-oblast", 46.482, 30.723, 1_010_000, ["Odessa", "Одеса", "Одесса"]),
    ("luhansk", "Luhansk", "settlement", "luhansk-oblast", 48.574, 39.307, 400_000, ["Lugansk", "Луганськ", "Луганск"]),
]

AREA_MEMBERS = {"donbas": ["donetsk-oblast", "luhansk-oblast"]}


def load(apps, schema_editor):
    Location = apps.get_model("locations", "Location")
    by_slug = {}
    for slug, name, kind, parent_slug, lat, lon, population, alternatives in PLACES:
        parent = by_slug.get(parent_slug)
        place, _created = Location.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "parent": parent,
                "latitude": lat,
                "longitude": lon,
                "population": population,
                "alternative_names": "\n".join(alternatives),
            },
        )
        # Historical models lack Location.save(), so the derived columns are set here.
        place.path = f"{parent.path if parent else '/'}{place.pk}/"
        place.full_name = f"{parent.full_name} › {name}" if parent else name
        place.save(update_fields=["path", "full_name"])
        by_slug[slug] = place
    for area, members in AREA_MEMBERS.items():
        by_slug[area].members.set([by_slug[m] for m in members])


class Migration(migrations.Migration):
    dependencies = [("locations", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
