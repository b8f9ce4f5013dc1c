"""
The demo's live coverage: 24 February 2022, the first day of Russia's full-scale invasion, as a
newsroom in the east would have followed it. Written for this project from the public record of
the day; times are Kyiv time and, where the record is loose, given as "early", "around" and so on.
"""

STORY = {
    "slug": "russia-launches-full-scale-invasion-live",
    "headline": "Russia launches a full-scale invasion of Ukraine: live",
    "standfirst": (
        "Missiles hit cities across the country before dawn and Russian troops crossed the border from "
        "the north, the east and Crimea. Our coverage of the first day, as it happened."
    ),
    "section": "news",
    "authors": ["olena-marchenko", "andrii-kovalenko", "sofia-hrytsenko"],
    "published": "2022-02-24 05:00",
    "ended": "2022-02-25 01:30",
    "tags": ["Full-scale invasion", "Front line"],
    "places": ["kyiv", "kharkiv", "kramatorsk", "donetsk-oblast", "luhansk-oblast"],
    "picture": ("night", "skyline"),
    "alt": "Illustration: a city skyline at night under a dark blue sky.",
    "caption": "Kyiv before dawn on 24 February 2022.",
    "summary": [
        "<ul>",
        "<li>Vladimir Putin announced what he called a “special military operation” shortly before 5 a.m. "
        "Kyiv time; explosions followed in Kyiv, Kharkiv, Odesa, Kramatorsk, Mariupol and other cities.</li>",
        "<li>Russian troops crossed into Chernihiv, Sumy, Kharkiv and Luhansk oblasts, from Belarus in the "
        "north, and from Crimea into Kherson Oblast.</li>",
        "<li>President Volodymyr Zelensky declared martial law, cut diplomatic ties with Moscow and, late "
        "in the evening, ordered a general mobilisation.</li>",
        "<li>Russian airborne troops attacked Hostomel airfield north-west of Kyiv; by the evening Russian "
        "forces held the Chornobyl nuclear power plant.</li>",
        "<li>Western governments announced sanctions; EU leaders met in Brussels that night.</li>",
        "</ul>",
    ],
}

# Each post: (Kyiv time, title or "", key event, [paragraphs], [place slugs], author slug).
POSTS = [
    (
        "2022-02-24 05:05",
        "Putin announces an attack on Ukraine",
        True,
        [
            "In a televised address broadcast shortly before 5 a.m. Kyiv time, Vladimir Putin announced what "
            "he called a “special military operation” in Ukraine. The UN Security Council was meeting in New "
            "York at that moment in an emergency session about the crisis."
        ],
        [],
        "olena-marchenko",
    ),
    (
        "2022-02-24 05:20",
        "Explosions in cities across Ukraine",
        True,
        [
            "Within minutes of the address, residents reported explosions in Kyiv, Kharkiv, Odesa, Mariupol "
            "and Kramatorsk. Ukrainian officials said missile strikes were aimed at military airfields, "
            "command posts and air defences."
        ],
        ["kyiv", "kharkiv", "odesa", "mariupol", "kramatorsk"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 05:35",
        "",
        False,
        [
            "Our correspondent in Kramatorsk heard several loud blasts from the direction of the airfield "
            "on the edge of the city. Car alarms went off across the centre; a few lights came on in the "
            "apartment blocks, then went out again."
        ],
        ["kramatorsk"],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 05:50",
        "",
        False,
        [
            "Foreign Minister Dmytro Kuleba wrote that Russia had launched a full-scale invasion and that "
            "peaceful Ukrainian cities were under attack. He called on the world to stop Putin and said "
            "Ukraine would defend itself."
        ],
        [],
        "olena-marchenko",
    ),
    (
        "2022-02-24 06:30",
        "Troops cross the border from three directions",
        True,
        [
            "Ukraine's border guard service said Russian forces had attacked border posts in Luhansk, Sumy, "
            "Kharkiv and Chernihiv oblasts, and in the Zhytomyr region from Belarus. Troops were also moving "
            "north from Crimea into Kherson Oblast."
        ],
        ["luhansk-oblast", "sumy-oblast", "kharkiv-oblast", "chernihiv-oblast", "kherson-oblast"],
        "sofia-hrytsenko",
    ),
    (
        "2022-02-24 06:45",
        "",
        False,
        [
            "Ukraine's airspace is closed to civilian flights, the state air traffic service said. Airlines "
            "turned back aircraft that were already on their way."
        ],
        [],
        "olena-marchenko",
    ),
    (
        "2022-02-24 07:00",
        "Zelensky declares martial law",
        True,
        [
            "In a short video address, President Volodymyr Zelensky announced martial law across the whole "
            "country. He asked people to stay at home where they could, not to panic, and said the army was "
            "doing its work."
        ],
        [],
        "olena-marchenko",
    ),
    (
        "2022-02-24 07:30",
        "",
        False,
        [
            "The roads west out of Kyiv are jammed. Queues have formed at petrol stations and cash machines "
            "in the capital, and pharmacies opening early report long lines."
        ],
        ["kyiv"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 08:00",
        "",
        False,
        [
            "In Kharkiv, about 40 kilometres from the border, people carried bags and blankets into metro "
            "stations. City authorities said the metro would stay open as a shelter."
        ],
        ["kharkiv"],
        "sofia-hrytsenko",
    ),
    (
        "2022-02-24 08:20",
        "",
        False,
        [
            "The National Bank of Ukraine fixed the hryvnia's official exchange rate, suspended the currency "
            "market and limited cash withdrawals, saying the banking system would keep working."
        ],
        [],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 08:45",
        "",
        False,
        [
            "The Kyiv metro is running as a shelter: its stations are open around the clock and travel is "
            "free, the city said."
        ],
        ["kyiv"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 09:10",
        "",
        False,
        [
            "In Luhansk Oblast the military reported heavy fighting near Shchastia and Stanytsia Luhanska, "
            "two towns on the line that had divided the region since 2014."
        ],
        ["shchastia", "stanytsia-luhanska"],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 09:40",
        "",
        False,
        [
            "Oil prices jumped: Brent crude rose above 100 dollars a barrel for the first time since 2014. "
            "Stock markets in Europe and Asia fell sharply."
        ],
        [],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 10:00",
        "",
        False,
        [
            "Trading on the Moscow Exchange was suspended in the morning and resumed later in the day; the "
            "rouble fell to a record low against the dollar."
        ],
        [],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 10:30",
        "Ukraine cuts diplomatic ties with Russia",
        True,
        [
            "Zelensky said Ukraine had broken off diplomatic relations with Russia. He announced that weapons "
            "would be handed out to anyone willing to defend the country."
        ],
        [],
        "olena-marchenko",
    ),
    (
        "2022-02-24 11:00",
        "",
        False,
        [
            "Outside enlistment offices in several cities, men and women queued to join the territorial "
            "defence units that the defence ministry had called on civilians to join."
        ],
        [],
        "sofia-hrytsenko",
    ),
    (
        "2022-02-24 11:20",
        "Helicopters attack Hostomel airfield",
        True,
        [
            "Russian helicopters attacked the Antonov airfield at Hostomel, north-west of Kyiv, and landed "
            "airborne troops. Ukrainian forces fought to take it back; the fighting went on through the day."
        ],
        ["hostomel"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 12:00",
        "",
        False,
        [
            "NATO ambassadors met in Brussels for consultations under Article 4 of the alliance's treaty, "
            "which members can request when they feel their security is threatened. Several eastern members "
            "had asked for the meeting."
        ],
        [],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 12:40",
        "",
        False,
        [
            "In Lviv, in the far west, air raid sirens sounded for the first time. Queues of cars stretched "
            "back from the border crossing at Shehyni, on the road to Poland."
        ],
        ["lviv", "shehyni"],
        "sofia-hrytsenko",
    ),
    (
        "2022-02-24 13:00",
        "",
        False,
        [
            "Poland, Slovakia, Hungary and Romania said they were ready to take in people fleeing the "
            "fighting and were setting up reception points along their borders with Ukraine."
        ],
        [],
        "sofia-hrytsenko",
    ),
    (
        "2022-02-24 13:30",
        "",
        False,
        [
            "Near Mariupol, on the Sea of Azov, residents reported shelling on the eastern edge of the city. "
            "Officials asked people to stay close to shelters."
        ],
        ["mariupol"],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 14:15",
        "",
        False,
        [
            "Russian forces advancing from Crimea were reported in the north of Kherson Oblast, around "
            "Henichesk and the roads leading to the Dnipro."
        ],
        ["henichesk", "kherson-oblast"],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 15:00",
        "Fighting in the Chornobyl exclusion zone",
        True,
        [
            "Zelensky said Russian troops were trying to seize the Chornobyl nuclear power plant and that "
            "Ukrainian defenders were fighting to stop them."
        ],
        ["chornobyl"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 15:40",
        "",
        False,
        [
            "Russian columns were reported in Sumy and Chernihiv oblasts, moving south towards Kyiv along "
            "the main roads from the border."
        ],
        ["sumy-oblast", "chernihiv-oblast"],
        "sofia-hrytsenko",
    ),
    (
        "2022-02-24 16:30",
        "",
        False,
        [
            "In Kramatorsk shops and pharmacies reopened in the afternoon with long queues. Many residents "
            "said they would stay for now; others packed their cars to leave for the west."
        ],
        ["kramatorsk"],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 17:30",
        "Russian forces take the Chornobyl plant",
        True,
        [
            "Presidential adviser Mykhailo Podolyak said Ukraine had lost control of the Chornobyl site after "
            "fierce fighting. Staff at the plant remained at work."
        ],
        ["chornobyl"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 18:00",
        "",
        False,
        [
            "Contact was lost with the border guards on Zmiinyi (Snake) Island in the Black Sea after a "
            "Russian warship demanded that they surrender. A recording of their refusal spread quickly across "
            "the internet."
        ],
        [],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 19:00",
        "",
        False,
        [
            "Kyiv's mayor, Vitali Klitschko, announced a curfew in the capital from 10 p.m. to 7 a.m. and "
            "asked residents to keep bags with documents and medicines close at hand."
        ],
        ["kyiv"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 20:30",
        "",
        False,
        [
            "US President Joe Biden announced new sanctions against Russia's largest banks and limits on "
            "exports of technology to Russia, saying Putin had chosen a premeditated war."
        ],
        [],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 21:00",
        "",
        False,
        [
            "European Union leaders gathered in Brussels for an emergency summit to agree sanctions covering "
            "finance, energy, transport and exports."
        ],
        [],
        "andrii-kovalenko",
    ),
    (
        "2022-02-24 22:30",
        "",
        False,
        [
            "Air raid sirens sounded again in Kyiv as the curfew began. Thousands spent the night in metro "
            "stations and basements."
        ],
        ["kyiv"],
        "olena-marchenko",
    ),
    (
        "2022-02-24 23:40",
        "Zelensky orders a general mobilisation",
        True,
        [
            "Zelensky signed a decree on general mobilisation for 90 days. In an address he said he was "
            "staying in Kyiv, and that Ukraine was defending itself alone but would not give up."
        ],
        [],
        "olena-marchenko",
    ),
    (
        "2022-02-25 00:40",
        "",
        False,
        [
            "Zelensky said 137 Ukrainians, soldiers and civilians, had been killed on the first day of the "
            "invasion. This is the end of our live coverage of 24 February; our reporting continues in our "
            "news pages."
        ],
        [],
        "olena-marchenko",
    ),
]
