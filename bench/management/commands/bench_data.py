import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, Author, PlaceIndex, Section, Tag, TaggedArticle, sync_search_entries
from articles.tagging import look_alike_key, tag_key
from locations.models import Location
from media.models import Image

PARAGRAPH = (
    "Officials in {place} said the situation remained difficult after a night of attacks. Residents "
    "described damage to homes and power lines, and volunteers continued to deliver water and food. "
    "The regional administration urged families to leave for safer areas while buses still run."
)
#: One story in four is in the Ukrainian edition.
UKRAINIAN_EVERY = 4
PARAGRAPH_UK = (
    "У громаді {place} повідомили, що після нічних обстрілів ситуація залишається складною. Мешканці "
    "розповідають про пошкоджені будинки та лінії електропередач, волонтери далі возять воду й харчі. "
    "Обласна адміністрація закликає родини виїжджати в безпечніші місця, поки ще курсують автобуси."
)


class Command(BaseCommand):
    help = (
        "Fill an EMPTY database with synthetic stories for benchmarks: N articles over ten years, "
        "thousands of tags, bylines, sections and places from the full gazetteer. Fast bulk inserts. "
        "Point DATABASE_URL at a scratch database first; `make bench` does."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--tags", type=int, default=10000)
        parser.add_argument("--authors", type=int, default=150)
        parser.add_argument("--photos", type=int, default=24)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, articles, tags, authors, photos, seed, **options):
        if Article.objects.exists():
            raise CommandError("This database already has articles; bench_data only fills an empty one.")
        settlements = list(
            Location.objects.filter(kind=Location.Kind.SETTLEMENT).values_list("pk", "name", "population")
        )
        if len(settlements) < 1000:
            raise CommandError("Load the full gazetteer first: manage.py import_places.")
        rnd = random.Random(seed)
        started = time.perf_counter()
        with transaction.atomic():
            section_ids = [s.pk for s in self.sections()]
            author_ids = self.authors(authors)
            tag_ids = self.tags(tags)
            image_ids = self.photos(photos, rnd)
            self.articles(articles, rnd, section_ids, author_ids, tag_ids, image_ids, settlements)
        # Fresh statistics, as a running database would have, so the planner sees the real sizes.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{articles} articles, {tags} tags, {authors} authors in {time.perf_counter() - started:.0f} s."
            )
        )

    def sections(self):
        names = ["News", "Analysis", "Explainers", "Life in the East", "Opinion"]
        return [
            Section.objects.create(name=n, slug=n.lower().replace(" ", "-"), position=i) for i, n in enumerate(names)
        ]

    def authors(self, count):
        Author.objects.bulk_create(
            Author(name=f"Reporter {n}", slug=f"reporter-{n}", bio="Synthetic byline.") for n in range(count)
        )
        return list(Author.objects.values_list("pk", flat=True))

    def tags(self, count):
        # bulk_create skips Tag.save(), so the keys it would set are set here.
        Tag.objects.bulk_create(
            (
                Tag(
                    name=f"Topic {n}",
                    slug=f"topic-{n}",
                    key=tag_key(f"Topic {n}"),
                    look_alike_key=look_alike_key(f"Topic {n}"),
                )
                for n in range(count)
            ),
            batch_size=5000,
        )
        return list(Tag.objects.values_list("pk", flat=True))

    def photos(self, count, rnd):
        from django.core.files.base import ContentFile

        from demo import pictures

        palettes = list(pictures.PALETTES)
        scenes = ["ruins", "fields", "skyline", "street", "river", "forest", "road", "train"]
        ids = []
        for n in range(count):
            image = Image(alt_text=f"Synthetic photo {n}", caption=f"Caption {n}", credit="Bench/Generated")
            image.file = ContentFile(
                pictures.draw(f"bench-{n}", rnd.choice(palettes), rnd.choice(scenes)), name=f"bench-{n}.jpg"
            )
            image.save()
            ids.append(image.pk)
        return ids

    def articles(self, count, rnd, section_ids, author_ids, tag_ids, image_ids, settlements):
        now = timezone.now()
        # Stories cluster on big towns, as real coverage does.
        weights = [max(population or 500, 500) ** 0.5 for _pk, _name, population in settlements]
        popular_tags = tag_ids[: max(50, len(tag_ids) // 50)]
        batch = 2000
        for start in range(0, count, batch):
            size = min(batch, count - start)
            places = rnd.choices(settlements, weights=weights, k=size)
            rows = []
            for offset in range(size):
                n = start + offset
                place = places[offset]
                ukrainian = n % UKRAINIAN_EVERY == UKRAINIAN_EVERY - 1
                body = "".join(f"<p>{(PARAGRAPH_UK if ukrainian else PARAGRAPH).format(place=place[1])}</p>" * 3)
                rows.append(
                    Article(
                        headline=f"Історія {n}: обстріли біля {place[1]}"
                        if ukrainian
                        else f"Story {n}: attacks reported near {place[1]}",
                        slug=f"story-{n}",
                        language="uk" if ukrainian else "en",
                        standfirst=f"Синтетична історія номер {n} про {place[1]}."
                        if ukrainian
                        else f"Synthetic story number {n} about {place[1]}.",
                        body=body,
                        body_html=body,
                        section_id=rnd.choice(section_ids),
                        hero_image_id=rnd.choice(image_ids),
                        status=Article.Status.PUBLISHED if rnd.random() > 0.02 else Article.Status.DRAFT,
                        published_at=now - timedelta(minutes=rnd.randint(1, 60 * 24 * 365 * 10)),
                    )
                )
            created = Article.objects.bulk_create(rows)
            Author_rel = Article.authors.through
            Place_rel = Article.locations.through
            Author_rel.objects.bulk_create(
                [
                    Author_rel(article_id=a.pk, author_id=x)
                    for a in created
                    for x in rnd.sample(author_ids, rnd.choice((1, 1, 2)))
                ]
            )
            extra = {a.pk: rnd.choice(settlements)[0] for a in created if rnd.random() < 0.3}
            Place_rel.objects.bulk_create(
                [Place_rel(article_id=a.pk, location_id=p[0]) for a, p in zip(created, places, strict=False)]
                + [
                    Place_rel(article_id=a.pk, location_id=x)
                    for a, p in zip(created, places, strict=False)
                    if (x := extra.get(a.pk)) and x != p[0]
                ]
            )
            TaggedArticle.objects.bulk_create(
                [
                    TaggedArticle(content_object_id=a.pk, tag_id=t)
                    for a in created
                    for t in {rnd.choice(popular_tags), *rnd.sample(tag_ids, 2)}
                ]
            )
            # Bulk inserts skip the signals that keep the place index; build it for this batch.
            PlaceIndex.objects.rebuild([a.pk for a in created])
            sync_search_entries([a.pk for a in created])
            self.stdout.write(f"  {start + size} articles", ending="\r")
        self.stdout.write("")
