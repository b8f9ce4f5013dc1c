"""
A labelled set for place detection: short news texts and the slugs of every place they mention.

Written for these tests. Countries (Ukraine, Russia) are never expected: every story is about them.
"""

LABELLED = [
    (
        "Russian forces shelled Slovyansk and Kramatorsk overnight, the head of the Donetsk region's "
        "military administration said on Telegram.",
        {"sloviansk", "kramatorsk", "donetsk-oblast"},
    ),
    (
        "Residents of Konstantinovka were taken by evacuation train to Dnipro and then to Lviv.",
        {"kostiantynivka", "dnipro", "lviv"},
    ),
    ("SIVERSK: the last civilians left the town before Ukrainian troops withdrew.", {"siversk"}),
    ("Seversk, as Russian maps call it, lies east of Slavyansk.", {"siversk", "sloviansk"}),
    ("Сіверськ і Краматорськ залишаються під обстрілами.", {"siversk", "kramatorsk"}),
    (
        "Fighting continued near Chasiv Yar and on the outskirts of Toretsk, the General Staff said.",
        {"chasiv-yar", "toretsk"},
    ),
    ("A drone hit a school in Kharkiv; in Kupyansk two people were injured.", {"kharkiv", "kupiansk"}),
    (
        "In the Mykolaiv region, a missile struck farm buildings in Kostiantynivka, a village near the regional centre of Mykolaiv.",
        {"mykolaiv-oblast", "kostiantynivka-mykolaiv-oblast-2", "mykolaiv"},
    ),
    (
        "Donetsk, occupied since 2014, was hit by a blackout, while Donetsk Oblast's free towns had power.",
        {"donetsk", "donetsk-oblast"},
    ),
    ("Diplomats in Kiev compared notes with colleagues in Odessa.", {"kyiv", "odesa"}),
    ("Artemivsk, renamed Bakhmut in 2016, was captured in May 2023.", {"bakhmut"}),
    ("President Volodymyr Zelensky met soldiers on the Oskil river near the front.", set()),
    ("Pokrovsk and neighbouring Myrnohrad were close to being encircled.", {"pokrovsk", "myrnohrad"}),
    ("Huliaipole, in Zaporizhzhia Oblast, was attacked from the east.", {"huliaipole", "zaporizhzhia-oblast"}),
    (
        "Kramatorsk's mayor urged people to leave for Zaporizhzhia or Poltava.",
        {"kramatorsk", "zaporizhzhia", "poltava"},
    ),
    ("Trains still run from Ivano-Frankivsk and Kryvyi Rih to the east.", {"ivano-frankivsk", "kryvyi-rih"}),
    ("Reporters on the Siversk front described empty trenches.", set()),  # a front is not a town
    (
        "Kostyantynivka and Druzhkivka lie on the road south from Kramatorsk.",
        {"kostiantynivka", "druzhkivka", "kramatorsk"},
    ),
    ("In Lyman, a railway town north of Siversk, the station was shelled again.", {"lyman", "siversk"}),
    (
        "The Kursk region of Russia saw fighting in 2024 after a Ukrainian incursion from Sumy Oblast.",
        {"kursk-oblast", "sumy-oblast"},
    ),
    ("Vovchansk, near the Belgorod border, has been almost destroyed.", {"vovchansk", "belgorod-russia"}),
    # The Dnipro here is the river and the plant is in Enerhodar: only Nikopol is a place mentioned.
    ("Shelling hit Nikopol across the Dnipro from the Zaporizhzhia nuclear plant.", {"nikopol"}),
]
