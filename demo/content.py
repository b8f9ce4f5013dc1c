"""
Demo content for `manage.py load_demo`.

The stories are written for this project about real events in eastern Ukraine
in late 2025. They are demo copy: claims are attributed the way a newsroom
would attribute them, and figures are rounded or left out where sources
differed. Photos are drawn by pictures.py; their credit says so.
"""

AREAS = [
    # slug, name, member places
    ("fortress-belt", "Fortress belt", ["sloviansk", "kramatorsk", "druzhkivka", "kostiantynivka"]),
]

SECTIONS = [
    # slug, name, description
    ("news", "News", "What happened today on the front and in the towns behind it."),
    ("analysis", "Analysis", "What the day's events mean, from our correspondents and specialists."),
    ("explainers", "Explainers", "Background for readers who want the whole picture."),
    ("life-in-the-east", "Life in the East", "How people live, work and study within reach of the front."),
    ("opinion", "Opinion", "Arguments from our writers and the editors. Signed, and clearly marked."),
]

AUTHORS = [
    # slug, name, role, bio, (photo hue)
    (
        "olena-marchenko",
        "Olena Marchenko",
        "Kramatorsk correspondent",
        "Olena has reported from Donetsk Oblast since 2015. She lives in Kramatorsk and covers the "
        "towns of the fortress belt, from Sloviansk to Kostiantynivka.",
        12,
    ),
    (
        "andrii-kovalenko",
        "Andrii Kovalenko",
        "Defence correspondent",
        "Andrii covers the armed forces, the front line and military policy. He previously worked "
        "as a reporter in Dnipro.",
        210,
    ),
    (
        "iryna-tkachuk",
        "Iryna Tkachuk",
        "Politics editor, Kyiv",
        "Iryna follows the government, parliament and the diplomacy around the war from Kyiv.",
        320,
    ),
    (
        "maksym-bondar",
        "Maksym Bondar",
        "Maps and data editor",
        "Maksym builds the maps and charts behind our front-line coverage and checks every place name we publish.",
        150,
    ),
    (
        "sofia-hrytsenko",
        "Sofia Hrytsenko",
        "Kharkiv correspondent",
        "Sofia reports from Kharkiv and the north-east, including Kupiansk and the border districts.",
        40,
    ),
    (
        "the-editors",
        "The Editors",
        "Editorial board",
        "Unsigned editorials express the view of the newsroom's editors.",
        0,
    ),
]

# Each picture: (palette, scene) for pictures.draw(); alt text describes what is drawn.
ARTICLES = [
    {
        "slug": "ukraine-confirms-withdrawal-from-siversk",
        "headline": "Ukraine's military confirms withdrawal from Siversk",
        "standfirst": (
            "Troops left the small town in the north-east of Donetsk Oblast to save lives, commanders "
            "said, after months in which it was attacked from three sides."
        ),
        "section": "news",
        "authors": ["andrii-kovalenko"],
        "published": "2025-12-23 14:20",
        "featured": True,
        "corrections": [
            (
                "correction",
                "2025-12-23 16:45",
                "An earlier version of this story placed Siversk in Luhansk Oblast. The town is in "
                "Donetsk Oblast, close to its border with Luhansk Oblast.",
            ),
        ],
        "tags": ["Front line", "Withdrawal", "Fortress belt"],
        "places": ["siversk", "donetsk-oblast"],
        "picture": ("winter", "ruins"),
        "alt": "Illustration: broken roofs and bare trees under a pale winter sky.",
        "caption": "Siversk had been within range of Russian artillery since the summer of 2022.",
        "body_photos": [
            (
                3,
                ("steel", "fields"),
                "Illustration: a trench line running across grey fields.",
                "Positions west of the town, prepared over the past year.",
            ),
        ],
        "body": [
            "<p>Ukrainian forces have withdrawn from Siversk, the military confirmed, ending a defence "
            "that had held the town on the north-eastern edge of Donetsk Oblast since the summer of 2022.</p>",
            "<p>Commanders said the decision was taken to preserve the lives of soldiers and to keep units "
            "fighting effectively, after Russian assault groups pressed into the town from several "
            "directions. Moscow had claimed the capture of Siversk more than a week earlier; Ukrainian "
            "officials at the time said fighting was continuing inside the town.</p>",
            "<p>Siversk had about 11,000 residents before the full-scale invasion. Few remained. The town "
            "became a front-line position after Ukrainian troops left Lysychansk in Luhansk Oblast in July "
            "2022, and for three years it was shelled almost daily.</p>",
            "<h2>Why it matters</h2>",
            "<p>The town sits on high ground roughly 35 kilometres east of Sloviansk. Its loss brings Russian "
            "forces closer to the chain of cities that Ukraine still holds in the oblast: Sloviansk, "
            "Kramatorsk, Druzhkivka and Kostiantynivka, often called the fortress belt.</p>",
            "<p>Military analysts said the withdrawal was unlikely to produce a quick breakthrough, because "
            "the approaches to Sloviansk cross open country and river valleys that defenders have "
            "fortified for years. But they warned that drones launched from around Siversk can now reach "
            "roads that supply the northern part of the front.</p>",
        ],
    },
    {
        "slug": "what-the-loss-of-siversk-means-for-sloviansk-and-kramatorsk",
        "headline": "What the loss of Siversk means for Sloviansk and Kramatorsk",
        "standfirst": (
            "The town was small, but it guarded the eastern approach to the largest cities Ukraine still "
            "holds in Donetsk Oblast. The next defensive lines are already built."
        ),
        "section": "analysis",
        "authors": ["andrii-kovalenko", "maksym-bondar"],
        "published": "2025-12-24 09:00",
        "tags": ["Front line", "Fortress belt", "Defensive lines"],
        "places": ["siversk", "sloviansk", "kramatorsk", "donetsk-oblast"],
        "picture": ("dusk", "fields"),
        "alt": "Illustration: rows of dragon's teeth barriers across a field at dusk.",
        "caption": "Concrete barriers and trenches have been built west of Siversk since 2024.",
        "body": [
            "<p>On a map, Siversk is a small dot. Its importance lay in where it stood: on a ridge between "
            "the Siverskyi Donets river and the industrial towns to the south-west, covering the "
            "eastern road into Sloviansk.</p>",
            "<p>With the town gone, the Russian command can try three things. It can push west along the "
            "river towards Raihorodok and the outskirts of Sloviansk; it can turn south to join forces "
            "advancing from the Bakhmut side; or it can hold the ground and use it as a base for drones "
            "that watch the roads behind the Ukrainian lines.</p>",
            "<p>The third is the most immediate threat. Over the past year the front has become a belt "
            "ten to fifteen kilometres deep in which almost anything that moves can be seen and struck by "
            "small drones. Each kilometre Russia gains pushes that belt closer to the cities.</p>",
            "<h2>Lines built in advance</h2>",
            "<p>Ukraine spent much of 2024 and 2025 digging defensive lines around the fortress belt, with "
            "anti-tank ditches, concrete barriers and prepared positions. Their value depends on having "
            "enough infantry to man them, and that remains the army's most pressing shortage.</p>",
            "<p>What happens next around Siversk will depend less on the town itself than on how quickly "
            "Ukraine can rotate tired brigades and how much ground Russia is prepared to lose men for.</p>",
        ],
    },
    {
        "slug": "the-fortress-belt-explained",
        "headline": "The fortress belt: the four cities at the heart of Ukraine's defence in Donbas",
        "standfirst": (
            "Sloviansk, Kramatorsk, Druzhkivka and Kostiantynivka form the last large urban area Ukraine "
            "holds in Donetsk Oblast. Here is why they matter, and why Moscow wants them."
        ),
        "section": "explainers",
        "authors": ["maksym-bondar"],
        "published": "2025-12-20 10:00",
        "tags": ["Fortress belt", "Explainer", "Peace talks"],
        "places": ["sloviansk", "kramatorsk", "druzhkivka", "kostiantynivka", "donbas"],
        "picture": ("steel", "skyline"),
        "alt": "Illustration: the outline of apartment blocks and factory chimneys on a grey horizon.",
        "caption": "Kramatorsk, the largest city of the belt, hosts the regional administration.",
        "body": [
            "<p>The four cities run north to south for about 50 kilometres along the main road through "
            "northern Donetsk Oblast. Before 2022 they were home to roughly 400,000 people.</p>",
            "<h2>A regional capital in exile</h2>",
            "<p>Since the city of Donetsk was seized by Russian-backed forces in 2014, Ukraine's regional "
            "administration has worked from Kramatorsk. Sloviansk and Kramatorsk themselves were held by "
            "Russian-led fighters for three months in 2014 before Ukrainian forces retook them in July of "
            "that year.</p>",
            "<h2>A military hub</h2>",
            "<p>The cities' rail junctions, repair shops and hospitals serve the troops across the "
            "northern half of the Donetsk front. Their concrete and brick make them far harder to take "
            "than the open villages Russia has captured over the past two years.</p>",
            "<h2>At the centre of the talks</h2>",
            "<p>In talks over ending the war, Russia has demanded that Ukraine withdraw from the parts of "
            "Donetsk Oblast it still controls, which would hand over the fortress belt without a fight. "
            "Kyiv has rejected giving up territory that Russia has not taken.</p>",
            "<p>Most of the belt's residents have left, but tens of thousands still live there, and local "
            "authorities continue to run schools online, water deliveries and evacuation buses.</p>",
        ],
    },
    {
        "slug": "kostiantynivka-under-daily-attack",
        "headline": "Kostiantynivka empties as Russian forces close in from three sides",
        "standfirst": (
            "Glide bombs and drones have made the southernmost city of the fortress belt one of the most "
            "dangerous places in Donetsk Oblast."
        ),
        "section": "news",
        "authors": ["olena-marchenko"],
        "published": "2025-12-18 16:45",
        "tags": ["Fortress belt", "Evacuation", "Glide bombs"],
        "places": ["kostiantynivka", "donetsk-oblast"],
        "picture": ("smoke", "ruins"),
        "alt": "Illustration: a column of grey smoke rising over low buildings.",
        "caption": "Smoke after a strike on the southern edge of the city.",
        "body": [
            "<p>Kostiantynivka, once an industrial city of about 67,000 people, is now home to only a "
            "small fraction of that number, local officials say, as Russian troops press towards it from "
            "the east, the south and the south-west.</p>",
            "<p>The city has been hit by glide bombs, heavy guided bombs dropped from aircraft beyond the "
            "reach of most air defences, and increasingly by small drones that hunt cars on the roads "
            "leading out. Volunteers who evacuate residents now travel mostly at dawn and in armoured "
            "vans.</p>",
            "<blockquote><p>We used to ask people to leave. Now we ask them where they are, and we go and "
            "get them.</p></blockquote>",
            "<p>So said a volunteer driver who has worked in the city since 2022 and asked that his name "
            "not be published. The main road to Druzhkivka and Kramatorsk is partly covered with anti-drone "
            "netting, stretched over poles for kilometres.</p>",
            "<p>The regional administration has ordered the evacuation of families with children from "
            "Kostiantynivka and nearby communities. Those who stay are mostly elderly, many of whom say "
            "they have nowhere else to go.</p>",
        ],
    },
    {
        "slug": "kramatorsk-drones-reach-city-limits",
        "headline": "Drones now reach Kramatorsk's outskirts, officials warn",
        "standfirst": (
            "The city's mayor urged residents who can leave to do so, as short-range attack drones were "
            "spotted over roads that were considered safe a year ago."
        ),
        "section": "news",
        "authors": ["olena-marchenko"],
        "published": "2025-12-15 11:10",
        "tags": ["Drones", "Evacuation", "Fortress belt"],
        "places": ["kramatorsk"],
        "picture": ("night", "skyline"),
        "alt": "Illustration: dark apartment blocks against a deep blue night sky with a single lit window.",
        "caption": "Much of Kramatorsk now lives with the lights off after dark.",
        "body": [
            "<p>Short-range attack drones, the kind that have emptied villages along the front, are now "
            "being seen over the southern and eastern edges of Kramatorsk, city officials said.</p>",
            "<p>Oleksandr Honcharenko, the head of the city's military administration, urged residents "
            "who are able to leave to do so, and asked those who stay to avoid travelling by car on the "
            "roads towards Kostiantynivka and Druzhkivka.</p>",
            "<p>Kramatorsk has been struck by missiles and guided bombs many times since 2022, including "
            "the attack on the railway station in April 2022 that killed more than 60 people waiting to "
            "evacuate. What is new is the reach of cheap drones, which can strike moving vehicles with "
            "precision and are hard to shoot down with conventional weapons.</p>",
            "<p>The city still has a population of tens of thousands, shops, pharmacies and a working "
            "hospital. Officials said public transport would continue on a reduced schedule.</p>",
        ],
    },
    {
        "slug": "sloviansk-water-deliveries",
        "headline": "Three years without running water: how Sloviansk keeps its taps dry and its people supplied",
        "standfirst": (
            "Since the canal that fed the city was cut in 2022, water comes by lorry, from wells and "
            "from a few hours of mains supply a week."
        ),
        "section": "life-in-the-east",
        "authors": ["olena-marchenko"],
        "published": "2025-12-12 08:30",
        "tags": ["Water", "Infrastructure", "Civilians"],
        "places": ["sloviansk", "kramatorsk"],
        "picture": ("morning", "street"),
        "alt": "Illustration: a quiet street in early morning light with a water tanker parked at the kerb.",
        "caption": "A municipal water tanker on its morning round.",
        "body_photos": [
            (
                2,
                ("morning", "skyline"),
                "Illustration: blocks of flats at sunrise, most windows dark.",
                "In the upper floors of these blocks, water is carried up by hand.",
            ),
        ],
        "body": [
            "<p>Every morning, queues form at the water points of Sloviansk. People bring plastic canisters "
            "on trolleys, in prams and on bicycles, and fill them from tanks the city refills by lorry.</p>",
            "<p>The city's water system depended on the Siverskyi Donets–Donbas canal, which was damaged "
            "by fighting in 2022. Since then, Sloviansk and Kramatorsk have relied on local wells, "
            "trucked deliveries and a patchwork of pipes that carry water to some districts for a few "
            "hours on set days.</p>",
            "<p>Residents of multi-storey blocks are the worst off: pressure is too low to lift water to "
            "the upper floors, so many carry it up the stairs by hand.</p>",
            "<p>Sloviansk's mayor, Vadym Lyakh, has said that restoring a full supply is impossible while "
            "the canal's route lies near the front. For now, the city prints a weekly timetable of which "
            "streets get water, and when.</p>",
        ],
    },
    {
        "slug": "russia-claims-pokrovsk-kyiv-says-fighting-continues",
        "headline": "Russia claims Pokrovsk; Kyiv says fighting in the city continues",
        "standfirst": (
            "Moscow announced the capture of the logistics hub after a year-long offensive. Ukraine's "
            "military said its troops still held positions in the north of the city."
        ),
        "section": "news",
        "authors": ["andrii-kovalenko"],
        "published": "2025-12-01 19:30",
        "tags": ["Front line", "Pokrovsk offensive"],
        "places": ["pokrovsk", "myrnohrad", "donetsk-oblast"],
        "picture": ("smoke", "fields"),
        "alt": "Illustration: smoke drifting across flat farmland with a town on the horizon.",
        "caption": "The approaches to Pokrovsk from the south-east.",
        "body": [
            "<p>Russia's military leadership said its forces had captured Pokrovsk, the road and rail hub "
            "in the west of Donetsk Oblast that has been the main target of its offensive for more than a "
            "year. It also claimed Vovchansk in Kharkiv Oblast.</p>",
            "<p>Ukraine's military disputed the claim about Pokrovsk, saying its troops continued to fight "
            "in the northern part of the city and that Russian units were suffering heavy losses in "
            "urban fighting.</p>",
            "<p>Pokrovsk had about 60,000 residents before the full-scale invasion. Its coal mine, which "
            "supplied coking coal to Ukraine's steel industry, stopped work in early 2025 as the front "
            "approached. Almost all civilians have since left.</p>",
            "<p>Neighbouring Myrnohrad, a mining town just to the east, has been at risk of being cut off, "
            "and analysts said Ukrainian units there were supplied with great difficulty.</p>",
            "<p>Independent confirmation of the situation inside both towns was not possible.</p>",
        ],
    },
    {
        "slug": "myrnohrad-supply-lines",
        "headline": "In Myrnohrad, supplies arrive by drone and on foot",
        "standfirst": (
            "With the roads into the mining town under constant watch, Ukrainian units say their food, "
            "water and ammunition increasingly come by air."
        ),
        "section": "analysis",
        "authors": ["andrii-kovalenko"],
        "published": "2025-12-05 12:00",
        "tags": ["Pokrovsk offensive", "Drones", "Logistics"],
        "places": ["myrnohrad", "pokrovsk"],
        "picture": ("winter", "fields"),
        "alt": "Illustration: a snowy field crossed by tyre tracks, with spoil heaps in the distance.",
        "caption": "Spoil heaps from the mines dominate the skyline around Myrnohrad.",
        "body": [
            "<p>Heavy drones that once carried bombs now carry bread, water and batteries. In the fight "
            "for Myrnohrad, Ukrainian soldiers say, that is how many positions are supplied.</p>",
            "<p>The change reflects how the front has evolved. The last kilometres to any position are "
            "watched by reconnaissance drones day and night, and vehicles are spotted and attacked "
            "within minutes. Evacuating the wounded has become as dangerous as the fighting itself.</p>",
            "<p>Unmanned ground vehicles, small tracked carts driven by remote control, now do some of the "
            "work, carrying supplies in and wounded soldiers out. Brigades raise money from volunteers to "
            "buy them.</p>",
            "<p>Military analysts say that holding towns supplied this way is possible for weeks, but not "
            "indefinitely, and that the decision when to withdraw is one of the hardest a commander "
            "faces.</p>",
        ],
    },
    {
        "slug": "kupiansk-clearing-operation",
        "headline": "Ukrainian troops say they are clearing Kupiansk after Moscow's claim of capture",
        "standfirst": (
            "Weeks after Russia announced it had taken the city on the Oskil river, Ukrainian units "
            "reported pushing infiltrating groups out of its streets."
        ),
        "section": "news",
        "authors": ["sofia-hrytsenko"],
        "published": "2025-12-13 10:15",
        "tags": ["Front line", "Counter-offensive"],
        "places": ["kupiansk", "kharkiv-oblast"],
        "picture": ("winter", "river"),
        "alt": "Illustration: a frozen river with a broken bridge and a town on the far bank.",
        "caption": "The Oskil river divides Kupiansk; its bridges were destroyed in earlier fighting.",
        "body": [
            "<p>Ukrainian forces in Kharkiv Oblast say they have pushed Russian infiltration groups out of "
            "most of Kupiansk, weeks after Moscow claimed to have captured the city.</p>",
            "<p>President Volodymyr Zelensky visited troops near the city and recorded a video there, in "
            "what his office presented as a rebuttal of the Russian claim.</p>",
            "<p>Kupiansk, a railway town with about 27,000 residents before 2022, was occupied in the "
            "first days of the full-scale invasion and liberated in September 2022. It has been under "
            "attack since, and Russian units reached its northern districts in 2025 by moving in small "
            "groups through pipes, gullies and abandoned houses.</p>",
            "<p>The fighting there shows how much of the war now consists of small groups slipping "
            "between positions rather than large assaults, and how hard it has become to say, at any "
            "given moment, who controls a town.</p>",
        ],
    },
    {
        "slug": "huliaipole-front-zaporizhzhia",
        "headline": "Pressure grows on Huliaipole as the southern front shifts",
        "standfirst": (
            "Russian forces advancing from the east have reached the small town in Zaporizhzhia Oblast, "
            "which had been a Ukrainian stronghold since 2022."
        ),
        "section": "news",
        "authors": ["andrii-kovalenko"],
        "published": "2025-12-27 13:00",
        "tags": ["Front line", "Southern front"],
        "places": ["huliaipole", "zaporizhzhia-oblast"],
        "picture": ("dusk", "street"),
        "alt": "Illustration: an empty main street at sunset with damaged shopfronts.",
        "caption": "Huliaipole's centre, where few civilians remain.",
        "body": [
            "<p>Russian troops have fought their way into Huliaipole, a town of about 13,000 people before "
            "the invasion, according to Ukrainian military bloggers and analysts. Moscow claimed its "
            "capture; Ukrainian officials said fighting was continuing.</p>",
            "<p>For most of the war, Huliaipole lay a few kilometres from a front that barely moved. That "
            "changed in the second half of 2025, when Russian forces that had advanced through the "
            "south-west of Donetsk Oblast turned towards the Zaporizhzhia region from the east.</p>",
            "<p>The town is best known in Ukraine as the home of Nestor Makhno, the anarchist leader of "
            "the civil war era.</p>",
            "<p>The regional administration has ordered evacuations from communities around the town, and "
            "says it is preparing more places to house people leaving the area.</p>",
        ],
    },
    {
        "slug": "dobropillia-breakthrough-contained",
        "headline": "How Ukraine sealed a Russian breakthrough near Dobropillia",
        "standfirst": (
            "A fast Russian push north of Pokrovsk in the summer caused alarm. Reserves rushed in, and "
            "most of the ground was retaken within weeks."
        ),
        "section": "analysis",
        "authors": ["andrii-kovalenko"],
        "published": "2025-10-02 09:45",
        "tags": ["Front line", "Pokrovsk offensive", "Counter-offensive"],
        "places": ["dobropillia", "pokrovsk", "donetsk-oblast"],
        "picture": ("summer", "fields"),
        "alt": "Illustration: sunflower fields under a hazy summer sky with a treeline in the distance.",
        "caption": "Treelines between fields are where most of the fighting takes place.",
        "body": [
            "<p>In August, small Russian groups advanced about ten kilometres north towards Dobropillia in "
            "a matter of days, slipping through gaps between Ukrainian positions that were thinly held.</p>",
            "<p>The response was swift. Assault units and reserves were moved in from other sectors, and "
            "the military said within weeks that the bulge had been cut off and most of the villages in it "
            "cleared.</p>",
            "<p>The episode exposed a weakness that Ukrainian officers describe openly: a shortage of "
            "infantry that leaves long stretches of front guarded by few soldiers and many drones. Drones "
            "can slow an advance, but they cannot hold ground.</p>",
            "<p>It also showed the limits of Russia's approach. Small groups can infiltrate deep, but "
            "without vehicles and heavy weapons following behind, they are hard to supply and easy to "
            "isolate.</p>",
        ],
    },
    {
        "slug": "how-the-donetsk-front-moved",
        "headline": "How the Donetsk front moved, from Lyman to Siversk",
        "standfirst": ("Three years of fighting in one oblast, in eight dates that shaped the map readers see today."),
        "section": "explainers",
        "authors": ["maksym-bondar"],
        "published": "2025-12-28 10:00",
        "tags": ["Explainer", "Front line", "Maps"],
        "places": ["donetsk-oblast", "lyman", "bakhmut", "chasiv-yar", "pokrovsk", "siversk"],
        "picture": ("steel", "fields"),
        "alt": "Illustration: a long trench line zigzagging across a grey landscape.",
        "caption": "The front line in Donetsk Oblast runs for more than 200 kilometres.",
        "body": [
            "<p>Donetsk Oblast has seen the heaviest fighting of the war. These dates mark the turning "
            "points that set the shape of the front.</p>",
            "<ol>"
            "<li><strong>October 2022:</strong> Ukrainian forces liberate Lyman during the counter-offensive "
            "that also freed most of Kharkiv Oblast.</li>"
            "<li><strong>May 2023:</strong> Bakhmut falls after a battle of ten months.</li>"
            "<li><strong>February 2024:</strong> Ukraine withdraws from Avdiivka, north of Donetsk city.</li>"
            "<li><strong>October 2024:</strong> Ukraine withdraws from Vuhledar in the south of the oblast.</li>"
            "<li><strong>January 2025:</strong> Russian forces take Kurakhove.</li>"
            "<li><strong>Summer 2025:</strong> Russia claims Chasiv Yar, on the heights west of Bakhmut.</li>"
            "<li><strong>December 2025:</strong> Russia claims Pokrovsk; Ukraine says fighting continues.</li>"
            "<li><strong>December 2025:</strong> Ukraine confirms its withdrawal from Siversk.</li>"
            "</ol>",
            "<p>Across these years, the pattern has been the same: slow Russian advances at great cost, "
            "measured in villages rather than cities, with Ukraine trading ground for time to build the "
            "next line.</p>",
        ],
    },
    {
        "slug": "why-sloviansk-is-also-slovyansk",
        "headline": "Sloviansk, Slovyansk or Slavyansk? Why one town has three spellings",
        "standfirst": (
            "Readers often ask why place names in Ukraine appear in different forms. The answer lies in "
            "transliteration rules and in history."
        ),
        "section": "explainers",
        "authors": ["maksym-bondar"],
        "published": "2025-11-20 09:00",
        "tags": ["Explainer", "Language", "Place names"],
        "places": ["sloviansk", "kostiantynivka", "kyiv"],
        "picture": ("morning", "skyline"),
        "alt": "Illustration: a road sign silhouette in front of a low town skyline at sunrise.",
        "caption": "Road signs in Ukraine give names in Ukrainian and in Latin letters.",
        "body": [
            "<p>In Ukrainian the town is Слов'янськ. Written in Latin letters under the rules the "
            "Ukrainian government adopted in 2010, it becomes Sloviansk. That is the form this newsroom "
            "uses, along with most international media.</p>",
            "<p>Slovyansk is an older, looser transliteration of the same Ukrainian name, still common in "
            "English-language reports. Slavyansk is the transliteration of the Russian name, Славянск, "
            "which was dominant in maps and news before 2014.</p>",
            "<p>The same applies across the region: Kostiantynivka is also written Kostyantynivka and, in "
            "Russian, Konstantinovka. Kyiv was long written Kiev, the Russian form, until a campaign by "
            "Ukraine persuaded most of the world's media to switch.</p>",
            "<p>Our site understands all of these forms. Search for any of them, and you will find the same town.</p>",
        ],
    },
    {
        "slug": "donetsk-oblast-families-with-children-evacuation",
        "headline": "Authorities order families with children out of more front-line communities",
        "standfirst": (
            "The mandatory evacuation now covers settlements around Druzhkivka and Dobropillia, as drone "
            "attacks reach further from the front."
        ),
        "section": "news",
        "authors": ["olena-marchenko"],
        "published": "2025-11-28 15:20",
        "tags": ["Evacuation", "Civilians", "Children"],
        "places": ["druzhkivka", "dobropillia", "donetsk-oblast"],
        "picture": ("morning", "train"),
        "alt": "Illustration: an evacuation train waiting at a platform in early morning light.",
        "caption": "Evacuation trains leave from stations far behind the front.",
        "body": [
            "<p>The Donetsk regional military administration has extended the mandatory evacuation of "
            "families with children to further communities near Druzhkivka and Dobropillia.</p>",
            "<p>Under the order, parents or guardians must leave with their children; social services and "
            "police visit homes to explain the arrangements. Evacuees are taken by bus to transit points "
            "and then by train to other regions, where they are offered temporary housing and payments.</p>",
            "<p>Vadym Filashkin, who heads the regional administration, has repeatedly urged all residents "
            "of the oblast's front-line districts to leave, saying that staying endangers not only them but "
            "also the rescuers who come for them later.</p>",
            "<p>Many families have already left. Those who remain often cite elderly relatives they cannot "
            "move, homes they cannot afford to abandon, or the cost of renting elsewhere.</p>",
        ],
    },
    {
        "slug": "kharkiv-school-underground",
        "headline": "In Kharkiv, lessons continue underground",
        "standfirst": (
            "Classrooms in metro stations and purpose-built underground schools let thousands of children "
            "study in person in a city that air-raid alerts rarely spare."
        ),
        "section": "life-in-the-east",
        "authors": ["sofia-hrytsenko"],
        "published": "2025-11-14 10:30",
        "tags": ["Education", "Children", "Civilians"],
        "places": ["kharkiv"],
        "picture": ("night", "street"),
        "alt": "Illustration: warm light from a staircase leading down beneath a dark street.",
        "caption": "Pupils go below ground for lessons that would otherwise be held online.",
        "body": [
            "<p>Kharkiv, 30 kilometres from the Russian border, began holding classes in metro stations in "
            "2023 so that children could learn together instead of in front of screens. Since then the city "
            "has built schools underground.</p>",
            "<p>Teachers say the difference is visible. Children who spent years learning online come back "
            "shy and restless; after a few weeks of lessons with classmates, they talk more and play more.</p>",
            "<p>The underground schools work in shifts so that more children can attend, and buses bring "
            "pupils from districts further away. Places are still far fewer than the number of children "
            "who would like one.</p>",
            "<p>Parents describe a small normality: a school bag, a timetable, a teacher's voice that is not "
            "coming out of a laptop.</p>",
        ],
    },
    {
        "slug": "roads-under-nets",
        "headline": "Under the nets: the roads of Donetsk Oblast disappear beneath anti-drone tunnels",
        "standfirst": (
            "Kilometres of netting now cover the roads that supply the front, a simple answer to the most "
            "dangerous weapon of this stage of the war."
        ),
        "section": "life-in-the-east",
        "authors": ["olena-marchenko", "andrii-kovalenko"],
        "published": "2025-11-06 09:15",
        "tags": ["Drones", "Logistics", "Infrastructure"],
        "places": ["kramatorsk", "kostiantynivka", "druzhkivka"],
        "picture": ("summer", "road"),
        "alt": "Illustration: a road running through a long tunnel of netting held up by poles.",
        "caption": "Netting over a road behind the front line.",
        "body_photos": [
            (
                1,
                ("dusk", "road"),
                "Illustration: the same netted road at dusk, poles leaning in the wind.",
                "Crews repair the nets after every strike.",
            ),
        ],
        "body": [
            "<p>Drive south from Kramatorsk and the sky disappears. For long stretches the road runs "
            "through a tunnel of fishing net stretched over wooden and metal poles.</p>",
            "<p>The nets are meant to catch first-person-view drones, small racing drones carrying "
            "explosives, before they reach a car. They do not stop every drone, soldiers and drivers say, "
            "but they stop enough to be worth the work.</p>",
            "<p>Much of the netting comes from fishing communities abroad and along Ukraine's coast, "
            "collected and sent east by volunteers. Road crews and soldiers put it up, and repair it after "
            "every strike.</p>",
            "<p>For residents who still live in the towns along these roads, the tunnels have become part "
            "of the landscape: the way to the market, the hospital and the bus out.</p>",
        ],
    },
    {
        "slug": "winter-blackouts-in-the-east",
        "headline": "Power cuts return as Russia strikes the grid before winter",
        "standfirst": (
            "Scheduled outages are back across much of Ukraine after attacks on power plants and "
            "substations. Front-line cities are hit hardest."
        ),
        "section": "news",
        "authors": ["iryna-tkachuk"],
        "published": "2025-11-10 18:40",
        "tags": ["Energy", "Infrastructure", "Civilians"],
        "places": ["ukraine", "kharkiv", "kramatorsk", "dnipro"],
        "picture": ("night", "skyline"),
        "alt": "Illustration: a city skyline in darkness with a few windows lit by generators.",
        "caption": "Generators keep shops and pharmacies open during outages.",
        "body": [
            "<p>Ukraine's grid operator has brought back scheduled power cuts in most regions after a "
            "series of Russian missile and drone attacks on power plants, substations and gas production "
            "facilities.</p>",
            "<p>Households receive timetables showing when their street will have electricity. In the "
            "east, where the grid is also damaged by shelling, outages can last most of the day.</p>",
            "<p>Cities have opened heated 'invincibility points' where residents can charge phones, get "
            "warm and drink tea. Businesses run generators; the sound of them has become the sound of a "
            "Ukrainian winter.</p>",
            "<p>Energy officials say repairs continue around the clock but warn that each attack destroys "
            "equipment that takes months to replace.</p>",
        ],
    },
    {
        "slug": "peace-talks-donbas-question",
        "headline": "In peace talks, everything comes back to Donbas",
        "standfirst": (
            "Russia wants Ukraine to hand over the rest of Donetsk Oblast. Kyiv says no government could "
            "give away cities its army still defends."
        ),
        "section": "analysis",
        "authors": ["iryna-tkachuk"],
        "published": "2025-12-16 12:30",
        "tags": ["Peace talks", "Diplomacy", "Fortress belt"],
        "places": ["donbas", "donetsk-oblast", "kramatorsk", "sloviansk"],
        "picture": ("steel", "table"),
        "alt": "Illustration: a long empty conference table with chairs on both sides.",
        "caption": "Negotiators have met in several capitals since November.",
        "body": [
            "<p>Drafts have changed, venues have changed, and the mediators have changed their proposals "
            "more than once. The central question has not: what happens to the part of Donetsk Oblast that "
            "Ukraine still holds.</p>",
            "<p>Moscow's position is that Ukrainian troops must leave it, including Sloviansk and "
            "Kramatorsk. Kyiv says it will not withdraw from territory Russia has failed to take in "
            "nearly four years of fighting, and President Zelensky has said that any change to Ukraine's "
            "borders would need the approval of Ukrainians themselves.</p>",
            "<p>Ideas floated by mediators, such as a demilitarised zone or a special economic area, have "
            "run into the same problem: who would guarantee that Russian troops would not simply move in "
            "once Ukrainian ones had left.</p>",
            "<p>For the people who still live in the fortress belt, the talks are not abstract. They ask a "
            "simple question: will their city still be Ukraine next year?</p>",
        ],
    },
    {
        "slug": "lyman-direction-pressure",
        "headline": "Lyman: the town liberated in 2022 faces a new Russian push",
        "standfirst": (
            "North of Siversk, Russian units have pressed towards Lyman through the forests along the "
            "Siverskyi Donets river."
        ),
        "section": "news",
        "authors": ["andrii-kovalenko"],
        "published": "2025-11-24 17:05",
        "tags": ["Front line", "Counter-offensive"],
        "places": ["lyman", "donetsk-oblast"],
        "picture": ("winter", "forest"),
        "alt": "Illustration: burnt pine trees standing in snow.",
        "caption": "The pine forests around Lyman have been burnt by three years of shelling.",
        "body": [
            "<p>Russian forces have intensified attacks towards Lyman, the railway town in the north of "
            "Donetsk Oblast that Ukraine liberated in October 2022, according to Ukrainian military "
            "statements.</p>",
            "<p>The forests of the area, once a holiday region known for its pine woods and lakes, give "
            "cover to small infantry groups but also make supply difficult for both sides.</p>",
            "<p>Ukrainian officers said the defence of Lyman was linked to that of Siversk to the south: "
            "a Russian advance on either threatens the flank of the other, and both guard the northern "
            "approaches to Sloviansk.</p>",
        ],
    },
    {
        "slug": "chasiv-yar-heights",
        "headline": "Chasiv Yar: why a small town on a hill held out so long",
        "standfirst": (
            "The town west of Bakhmut was attacked for more than a year. Its canal and heights made it one "
            "of the most defensible places in the oblast."
        ),
        "section": "analysis",
        "authors": ["maksym-bondar"],
        "published": "2025-08-05 10:00",
        "tags": ["Front line", "Maps", "Fortress belt"],
        "places": ["chasiv-yar", "bakhmut", "kostiantynivka"],
        "picture": ("dusk", "ruins"),
        "alt": "Illustration: the silhouette of ruined buildings on a hilltop against an orange sky.",
        "caption": "Chasiv Yar stands on high ground overlooking Bakhmut.",
        "body": [
            "<p>After Bakhmut fell in May 2023, Chasiv Yar became the next step on the road west. It took "
            "Russian forces well over a year of assaults to reach the town's western edge, and Moscow "
            "claimed its capture only in the summer of 2025.</p>",
            "<p>Geography explains much of this. The town stands on high ground, and a canal cut through "
            "its eastern district formed a natural moat that attackers had to cross under fire.</p>",
            "<p>Its loss matters for the same reason its defence did: the heights overlook the approaches "
            "to Kostiantynivka and Druzhkivka, the southern cities of the fortress belt.</p>",
        ],
    },
    {
        "slug": "editorial-naming-places",
        "headline": "Why we spell Ukraine's places the Ukrainian way",
        "standfirst": "A name is not a neutral label. Our choice is a matter of accuracy, not of politics.",
        "section": "opinion",
        "authors": ["the-editors"],
        "published": "2025-11-21 08:00",
        "tags": ["Place names", "Language", "Editorial"],
        "places": ["ukraine", "kyiv", "sloviansk"],
        "picture": ("morning", "table"),
        "alt": "Illustration: a desk with a notebook and a map folded open.",
        "caption": "Our style guide lists the official romanisation of every place we cover.",
        "body": [
            "<p>Every story we publish names places: the town that was shelled, the road that was cut, the "
            "village a family left. Getting those names right is part of getting the story right.</p>",
            "<p>We write Ukrainian place names as Ukraine's own official romanisation renders them: Kyiv, "
            "Kharkiv, Sloviansk, Kostiantynivka. Where a town has been renamed, as Artemivsk became Bakhmut "
            "again in 2016, we use the current name and mention the old one when readers need it.</p>",
            "<p>We do not pretend that older spellings do not exist. Our readers meet them in other "
            "reports, in archives and on old maps, so our search understands them. But a name printed in "
            "our headline is the name the town's own people use.</p>",
        ],
    },
    {
        "slug": "opinion-covering-the-front-with-care",
        "headline": "Reporting the front line means knowing what not to publish",
        "standfirst": (
            "A photo's metadata, a recognisable courtyard, a time stamp: small details can put soldiers "
            "and civilians in danger. Newsrooms must treat them as seriously as any fact."
        ),
        "section": "opinion",
        "authors": ["olena-marchenko"],
        "published": "2025-12-08 08:00",
        "tags": ["Journalism", "Editorial", "Drones"],
        "places": ["donetsk-oblast"],
        "picture": ("steel", "street"),
        "alt": "Illustration: a camera lens reflecting a grey street.",
        "caption": "Every photo we publish is checked for details that could reveal a location.",
        "body": [
            "<p>When a Russian strike hits a building in Kramatorsk, the first pictures appear online "
            "within minutes. Some show where air defences stand or where soldiers are billeted. Some are "
            "used, hours later, to correct the aim of the next strike.</p>",
            "<p>Reporters in the east learn a discipline that has little to do with writing: wait before "
            "publishing, strip the metadata from every photo, never show a unit's location, and ask whether "
            "a detail helps the reader or only the enemy.</p>",
            "<p>That discipline costs speed. It is worth it. The readers we serve live in these towns, and "
            "the first duty of a local newsroom is not to make their lives more dangerous.</p>",
        ],
    },
    {
        "slug": "zaporizhzhia-glide-bombs",
        "headline": "Zaporizhzhia, a city of 700,000, learns to live with glide bombs",
        "standfirst": (
            "The regional capital on the Dnipro is now within reach of heavy guided bombs, a weapon "
            "that until recently struck mostly front-line towns."
        ),
        "section": "news",
        "authors": ["sofia-hrytsenko"],
        "published": "2025-11-17 20:10",
        "tags": ["Glide bombs", "Civilians", "Southern front"],
        "places": ["zaporizhzhia"],
        "picture": ("dusk", "river"),
        "alt": "Illustration: a wide river at dusk with a dam and apartment blocks on the bank.",
        "caption": "Zaporizhzhia stands on both banks of the Dnipro.",
        "body": [
            "<p>Zaporizhzhia, about 30 kilometres from the front line in the south, has been struck "
            "repeatedly by glide bombs, according to the regional administration, damaging homes, "
            "industrial sites and infrastructure.</p>",
            "<p>Glide bombs are old free-fall bombs fitted with wings and satellite guidance, released by "
            "aircraft tens of kilometres away. They are cheap, carry large warheads, and are very hard to "
            "intercept.</p>",
            "<p>City officials have added shelters at bus stops and opened more underground spaces for "
            "schools and public services. Life goes on, residents say, with one ear always on the alert "
            "app.</p>",
        ],
    },
    {
        "slug": "sloviansk-kramatorsk-before-winter",
        "status": "review",
        "headline": "Before winter, Sloviansk and Kramatorsk count who is left",
        "standfirst": (
            "Tens of thousands of people still live in the two largest cities Ukraine holds in Donetsk "
            "Oblast, as drones reach their outskirts and officials urge families to leave."
        ),
        "section": "news",
        "authors": ["andrii-kovalenko"],
        "tags": ["Civilians", "Evacuation", "Fortress belt"],
        "places": ["sloviansk", "kramatorsk"],
        "picture": ("winter", "skyline"),
        "alt": "Illustration: apartment blocks under a low winter sky, most windows dark.",
        "caption": "Both cities had more than 100,000 residents before the full-scale invasion.",
        "body": [
            "<p>Sloviansk and Kramatorsk each had well over 100,000 residents before February 2022. "
            "City officials now count tens of thousands in each, many of them older people who say "
            "they have nowhere else to go.</p>",
            "<p>Regional authorities have ordered families with children to leave a growing list of "
            "towns and villages in the oblast, and they repeat the same advice to the two cities: "
            "leave before the roads west become more dangerous.</p>",
            "<p>Those who stay are preparing for a winter of power cuts. Schools teach online or in "
            "shelters, and many apartment blocks now keep a generator in the courtyard.</p>",
        ],
    },
]

EXTRA_TAGS_IN_CYRILLIC = {
    # Tags editors type in Ukrainian; the site gives them Latin slugs.
    "how-the-donetsk-front-moved": ["Донеччина"],
    "why-sloviansk-is-also-slovyansk": ["Транслітерація"],
}
