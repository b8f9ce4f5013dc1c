"""Ukraine's regions by ISO 3166-2 code, as the starter gazetteer names them (slugs)."""

REGION_SLUGS = {
    "UA-71": "cherkasy-oblast", "UA-74": "chernihiv-oblast", "UA-77": "chernivtsi-oblast",
    "UA-12": "dnipropetrovsk-oblast", "UA-14": "donetsk-oblast", "UA-26": "ivano-frankivsk-oblast",
    "UA-63": "kharkiv-oblast", "UA-65": "kherson-oblast", "UA-68": "khmelnytskyi-oblast",
    "UA-35": "kirovohrad-oblast", "UA-43": "crimea", "UA-30": "kyiv", "UA-32": "kyiv-oblast",
    "UA-09": "luhansk-oblast", "UA-46": "lviv-oblast", "UA-48": "mykolaiv-oblast", "UA-51": "odesa-oblast",
    "UA-53": "poltava-oblast", "UA-56": "rivne-oblast", "UA-40": "sevastopol", "UA-59": "sumy-oblast",
    "UA-61": "ternopil-oblast", "UA-05": "vinnytsia-oblast", "UA-07": "volyn-oblast",
    "UA-21": "zakarpattia-oblast", "UA-23": "zaporizhzhia-oblast", "UA-18": "zhytomyr-oblast",
}  # fmt: skip
