"""
The cache contract, checked the way database engines are checked against a model: editors make
random changes, and after each one every public address is read through the caches and compared
with a fresh render of the same address with nothing kept.

The world is small on purpose (six stories in two editions, a live story, two bylines, three
tags, a few places along Siversk's hierarchy), so that every change shows on many pages and every
page is read after every change. `EditorsAndReaders` is driven by hypothesis
(tests/test_consistency.py, `make test-consistency`); `Reader`s decide how an address is read
(the page cache in this process, or Varnish in front of gunicorn in the edge leg).
"""

import random
import re
import sys
from datetime import timedelta

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Flaky
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from articles.models import Article, Author, Correction, LivePost, LivePostVersion, Section, Tag
from articles.tag_merge import merge_tags
from locations.models import Location
from media.models import Image
from tests.factories import jpeg_bytes, make_article, make_image, make_live_story, make_post

#: Places the stories are filed under: a town, its oblast, the informal area the oblast is in.
PLACES = ["siversk", "sloviansk", "kramatorsk", "donetsk-oblast", "luhansk-oblast", "ukraine", "donbas"]
SEARCHES = ["Siversk", "withdrawal", "Сіверськ", "evacuation"]
HEADLINES = [
    "Ukraine confirms withdrawal from Siversk",
    "Evacuation of Sloviansk continues",
    "Kramatorsk under fire again",
    "Siversk: what the withdrawal means",
]


class World:
    """The cast a run starts from; `tag` sets its slugs apart from another run's (the edge leg keeps every run's)."""

    def __init__(self, tag=""):
        self.tag = tag
        self.sections = [
            Section.objects.create(name=f"News{tag}", name_uk=f"Новини{tag}", slug=f"news{tag}", position=1),
            Section.objects.create(name=f"Analysis{tag}", name_uk=f"Аналітика{tag}", slug=f"analysis{tag}", position=2),
        ]
        self.authors = {
            "olena": Author.objects.create(name="Olena Marchenko", name_uk="Олена Марченко", slug=f"olena{tag}"),
            "taras": Author.objects.create(name="Taras Kovalenko", name_uk="Тарас Коваленко", slug=f"taras{tag}"),
        }
        self.story_ids = [story.pk for story in self.make_stories()]

    def make_stories(self):
        news, analysis = self.sections
        olena, taras = self.authors["olena"], self.authors["taras"]
        photos = [make_image(caption="Smoke over Siversk"), make_image(caption="A checkpoint near Sloviansk")]
        places = {slug: Location.objects.get(slug=slug) for slug in PLACES}
        tag = self.tag
        stories = [
            make_article(
                headline=HEADLINES[0],
                slug=f"siversk-withdrawal{tag}",
                section=news,
                authors=[olena],
                tags=["Front line", "Evacuation"],
                locations=[places["siversk"]],
                hero_image=photos[0],
            ),
            make_article(
                headline=HEADLINES[1],
                slug=f"sloviansk-evacuation{tag}",
                section=news,
                authors=[taras],
                tags=["Evacuation"],
                locations=[places["sloviansk"]],
                hero_image=photos[1],
            ),
            make_article(
                headline=HEADLINES[2],
                slug=f"kramatorsk-shelling{tag}",
                section=analysis,
                authors=[olena, taras],
                tags=["Front line"],
                locations=[places["kramatorsk"]],
            ),
            make_article(
                headline="Сили оборони залишили Сіверськ",
                slug=f"siversk-uk{tag}",
                language="uk",
                section=news,
                authors=[olena],
                tags=["Фронт"],
                locations=[places["siversk"]],
            ),
            make_article(
                headline="Евакуація з Донеччини триває",
                slug=f"evakuatsiia-uk{tag}",
                language="uk",
                status=Article.Status.DRAFT,
                published_at=None,
                section=analysis,
                tags=["Евакуація"],
                locations=[places["donetsk-oblast"]],
            ),
        ]
        live = make_live_story(
            headline="Live: the battle for Siversk",
            slug=f"siversk-live{tag}",
            section=news,
            authors=[taras],
            locations=[places["siversk"]],
        )
        make_post(live, title="Shelling at dawn", is_key_event=True, locations=[places["siversk"]], authors=[taras])
        make_post(live, body="<p>Evacuation buses left Sloviansk.</p>", locations=[places["sloviansk"]])
        make_post(live, body="<p>A draft not yet out.</p>", status=LivePost.Status.DRAFT)
        Correction.objects.create(article=stories[1], text="We misspelled the mayor's name.")
        return stories + [live]


class Budget:
    """The steps every run of the machine shares (a run stops changing anything once they are spent), and what was read."""

    def __init__(self, steps):
        self.steps, self.used, self.reads, self.kept = steps, 0, 0, 0
        self.failed = False  # once a divergence is found, hypothesis replays shorter runs to explain it
        self.reports = []  # every divergence found, as reported

    @property
    def spent(self):
        return self.used >= self.steps and not self.failed

    def take(self):
        if self.spent:
            return False
        self.used += 1
        return True

    def __str__(self):
        share = self.kept / self.reads if self.reads else 0
        return f"{self.used} steps, {self.reads} answers compared, {share:.0%} of them served from a kept copy"


class Reader:
    """Reads an address through the caches, and as a fresh render with nothing kept."""

    def cached(self, address):
        """(the answer, whether it came from a kept copy)."""
        raise NotImplementedError

    def fresh(self, address):
        raise NotImplementedError


def answer(response):
    """What a reader gets, for comparison: status, where a redirect leads, and the body."""
    location = response.get("Location", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, location, normalised(body)


#: What only time changes in an answer that is otherwise right.
TIME_DEPENDENT = [
    (re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>"), b"<lastBuildDate/>"),
]


def normalised(body):
    for pattern, replacement in TIME_DEPENDENT:
        body = pattern.sub(replacement, body)
    return body


class EditorsAndReaders(RuleBasedStateMachine):
    """
    Editors' changes as rules; after each, every public address is read through the caches and
    compared with a fresh render. `reader` reads; `after_change` waits for a change to reach the
    caches (nothing in process, purges through Varnish in the edge leg); `clock` moves time.
    """

    reader: Reader = None
    clock = None
    world: World = None
    budget: "Budget" = None
    #: Addresses read after each step (0: all of them), chosen by a generator seeded with `seed`.
    sample = 0
    seed = 0

    def __init__(self):
        super().__init__()
        self.divergences = []
        self.serial = self.step = 0
        self.changed = False

    # Steps

    def change(self, action):
        """Run an editor's change as one committed transaction, as the admin does (once the budget is spent, not)."""
        if not self.budget.take():
            return
        self.commit(action)
        self.serial += 1
        self.changed = True
        self.after_change()

    def commit(self, action):
        with transaction.atomic():
            action()

    def after_change(self):
        pass

    def stories(self):
        return list(Article.objects.filter(pk__in=self.world.story_ids).order_by("pk"))

    def public_stories(self):
        return [story for story in self.stories() if story.is_public]

    @initialize()
    def start(self):
        """Every address read once through the caches, so that every later step has copies to get wrong."""
        cache.clear()
        if not self.budget.spent:
            addresses = self.addresses()
            for address in addresses:
                self.reader.cached(address)
            self.check_everything(self.sampled(addresses))

    # Stories

    @rule(n=st.integers(0, 9))
    def publish(self, n):
        story = self.pick(self.stories(), n)
        if story and not story.is_public:
            self.change(story.publish)

    @rule(n=st.integers(0, 9))
    def unpublish(self, n):
        story = self.pick(self.public_stories(), n)
        if story:
            self.change(story.unpublish)

    @rule(n=st.integers(0, 9))
    def delete(self, n):
        story = self.pick(self.stories(), n)
        if story and len(self.stories()) > 3:
            self.change(story.delete)

    @rule(n=st.integers(0, 9), headline=st.sampled_from(HEADLINES))
    def edit_headline(self, n, headline):
        story = self.pick(self.stories(), n)
        if story:
            story.headline = f"{headline} ({self.serial})"
            self.change(story.save)

    @rule(n=st.integers(0, 9), minutes=st.integers(1, 90))
    def schedule(self, n, minutes):
        story = self.pick(self.stories(), n)
        if story:
            story.status = Article.Status.PUBLISHED
            story.published_at = self.clock.now() + timedelta(minutes=minutes)
            self.change(story.save)

    @rule()
    def let_the_scheduled_time_come(self):
        # Not a precondition: what is scheduled depends on earlier steps, which change nothing once
        # the budget is spent, and hypothesis refuses rules whose choice differs between replays.
        due = Article.objects.next_scheduled_time()
        if due is not None:
            self.change(lambda: self.clock.move_to(due + timedelta(seconds=1)))

    @rule(seconds=st.integers(1, 600))
    def time_passes(self, seconds):
        self.change(lambda: self.clock.move_to(self.clock.now() + timedelta(seconds=seconds)))

    @rule(n=st.integers(0, 9), m=st.integers(0, 9))
    def link_translation(self, n, m):
        ukrainian = self.pick([s for s in self.stories() if s.language == "uk"], n)
        english = self.pick([s for s in self.stories() if s.language == "en" and not s.translations.exists()], m)
        if ukrainian and english and not ukrainian.translations.exists():
            ukrainian.translation_of = english
            self.change(ukrainian.save)

    @rule(n=st.integers(0, 9))
    def unlink_translation(self, n):
        story = self.pick([s for s in self.stories() if s.translation_of_id], n)
        if story:
            story.translation_of = None
            self.change(story.save)

    @rule(n=st.integers(0, 9), bylines=st.sets(st.sampled_from(["olena", "taras"])))
    def set_bylines(self, n, bylines):
        story = self.pick(self.stories(), n)
        if story:
            self.change(lambda: story.authors.set([self.world.authors[name] for name in sorted(bylines)]))

    @rule(who=st.sampled_from(["olena", "taras"]), name=st.sampled_from(["Olena Marchenko-Bondar", "Taras K."]))
    def rename_byline(self, who, name):
        author = Author.objects.get(pk=self.world.authors[who].pk)
        author.name = f"{name} {self.serial}"
        self.change(author.save)

    @rule(n=st.integers(0, 9), names=st.sets(st.sampled_from(["Front line", "Evacuation", "Energy", "Фронт"])))
    def retag(self, n, names):
        story = self.pick(self.stories(), n)
        if story:
            self.change(lambda: story.tags.set(Tag.objects.for_names(sorted(names))))

    @rule(n=st.integers(0, 9), m=st.integers(0, 9))
    def merge_tags(self, n, m):
        tags = list(Tag.objects.order_by("pk"))
        kept, merged = self.pick(tags, n), self.pick(tags, m)
        if kept and merged and kept != merged:
            self.change(lambda: merge_tags(kept, [merged]))

    @rule(n=st.integers(0, 9))
    def rename_section(self, n):
        section = Section.objects.get(pk=self.pick(self.world.sections, n).pk)
        section.name = f"Section {self.serial}"
        self.change(section.save)

    # Places

    @rule(
        n=st.integers(0, 9), places=st.sets(st.sampled_from(["siversk", "sloviansk", "kramatorsk", "luhansk-oblast"]))
    )
    def set_places(self, n, places):
        story = self.pick(self.stories(), n)
        if story:
            self.change(lambda: story.locations.set(Location.objects.filter(slug__in=places)))

    @rule(parent=st.sampled_from(["donetsk-oblast", "luhansk-oblast"]))
    def move_siversk(self, parent):
        siversk = Location.objects.get(slug="siversk")
        if siversk.parent.slug != parent:
            siversk.parent = Location.objects.get(slug=parent)
            self.change(siversk.save)

    @rule()
    def rename_a_place(self):
        place = Location.objects.get(slug="kramatorsk")
        place.name = f"Kramatorsk {self.serial}"
        self.change(place.save)

    # Notes and photos

    @rule(n=st.integers(0, 9), kind=st.sampled_from(Correction.Kind.values))
    def add_correction(self, n, kind):
        story = self.pick(self.stories(), n)
        if story:
            self.change(lambda: Correction.objects.create(article=story, kind=kind, text=f"Note {self.serial}."))

    @rule(n=st.integers(0, 1))
    def recaption_photo(self, n):
        photo = self.pick(list(Image.objects.order_by("pk")), n)
        if photo:
            photo.caption = f"Caption {self.serial}"
            self.change(photo.save)

    @rule(n=st.integers(0, 9), m=st.integers(0, 2))
    def set_hero_photo(self, n, m):
        story = self.pick(self.stories(), n)
        photos = list(Image.objects.order_by("pk"))
        if story:
            story.hero_image = photos[m] if m < len(photos) else None
            self.change(story.save)

    @rule(n=st.integers(0, 1))
    def delete_photo(self, n):
        photo = self.pick(list(Image.objects.order_by("pk")), n)
        if photo:

            def take_down():
                for story in Article.objects.filter(hero_image=photo):
                    story.hero_image = None
                    story.save()
                LivePost.objects.filter(image=photo).update(image=None)
                photo.delete()

            self.change(take_down)

    @rule(n=st.integers(0, 1), colour=st.integers(0, 255))
    def replace_photo(self, n, colour):
        photo = self.pick(list(Image.objects.order_by("pk")), n)
        if photo:
            photo.file = SimpleUploadedFile(
                "replaced.jpg", jpeg_bytes(colour=(colour, 60, 60)), content_type="image/jpeg"
            )
            photo.focal_x = colour / 255
            self.change(photo.save)

    @rule()
    def upload_photo(self):
        self.change(lambda: make_image(caption=f"New photo {self.serial}"))

    # Live posts

    def live_story(self):
        return Article.objects.filter(pk__in=self.world.story_ids, is_live=True).first()

    def posts(self):
        return list(LivePost.objects.filter(article__in=self.world.story_ids).order_by("pk"))

    @rule(key=st.booleans(), place=st.sampled_from(["siversk", "sloviansk", "kramatorsk"]))
    def publish_a_post(self, key, place):
        story = self.live_story()
        if story:

            def post():
                made = make_post(story, title=f"Post {self.serial}" if key else "", is_key_event=key)
                made.locations.set([Location.objects.get(slug=place)])
                LivePostVersion.record(made, None, LivePostVersion.Action.PUBLISHED)

            self.change(post)

    @rule(n=st.integers(0, 9))
    def edit_a_post(self, n):
        post = self.pick(self.posts(), n)
        if post:
            post.body = f"<p>Edited text {self.serial}.</p>"
            self.change(post.save)

    @rule(n=st.integers(0, 9), status=st.sampled_from(LivePost.Status.values))
    def withdraw_or_republish_a_post(self, n, status):
        post = self.pick(self.posts(), n)
        if post and post.status != status:
            post.status = status

            def save():
                post.save()
                action = LivePostVersion.Action.PUBLISHED if status == "published" else LivePostVersion.Action.WITHDRAWN
                LivePostVersion.record(post, None, action)

            self.change(save)

    @rule(n=st.integers(0, 9))
    def delete_a_post(self, n):
        post = self.pick(self.posts(), n)
        if post:

            def delete():
                LivePostVersion.record(post, None, LivePostVersion.Action.DELETED)
                post.delete()

            self.change(delete)

    @rule(n=st.integers(0, 9), flag=st.sampled_from(["is_key_event", "is_pinned"]))
    def flip_a_posts_flag(self, n, flag):
        post = self.pick(self.posts(), n)
        if post:
            setattr(post, flag, not getattr(post, flag))
            if flag == "is_key_event" and not post.title:
                post.title = f"Key event {self.serial}"
            self.change(post.save)

    @rule(n=st.integers(0, 9), places=st.sets(st.sampled_from(["siversk", "sloviansk", "luhansk-oblast"])))
    def set_a_posts_places(self, n, places):
        post = self.pick(self.posts(), n)
        if post:
            self.change(lambda: post.locations.set(Location.objects.filter(slug__in=places)))

    @rule(ended=st.booleans())
    def end_or_resume_coverage(self, ended):
        story = self.live_story()
        if story:
            story.coverage_ended_at = self.clock.now() if ended else None
            self.change(story.save)

    # Readers

    @invariant()
    def every_answer_is_what_a_fresh_render_gives(self):
        if not self.changed:
            return
        self.changed = False
        self.check_everything(self.sampled(self.addresses()))

    def sampled(self, addresses):
        """`addresses`, or as many of them as `sample` says, picked as the seed and step decide."""
        if self.sample and self.sample < len(addresses):
            self.step += 1
            return random.Random(f"{self.seed}:{self.step}").sample(addresses, self.sample)
        return addresses

    def check_everything(self, addresses=None):
        for address in addresses or self.addresses():
            self.check(address)
        if self.divergences:
            self.budget.failed = True
            self.budget.reports.append(self.report())
            raise AssertionError(self.report())

    def check(self, address):
        cached, kept = self.reader.cached(address)
        fresh = self.reader.fresh(address)
        self.budget.reads += 1
        self.budget.kept += kept
        if cached != fresh:
            self.divergences.append((address, cached, fresh))

    def report(self):
        lines = [f"{len(self.divergences)} cached answer(s) differ from a fresh render:"]
        for address, cached, fresh in self.divergences[:8]:
            lines.append(f"  {address}: cached {cached[0]} {cached[1]!r}, fresh {fresh[0]} {fresh[1]!r}")
            lines.append("    " + first_difference(cached[2], fresh[2]))
        return "\n".join(lines)

    def addresses(self):
        """Every public address of the world as it is now, and those of stories gone or hidden."""
        addresses = ["/", "/uk/", "/parts/latest/", "/uk/parts/latest/", "/feeds/latest/", "/uk/feeds/latest/"]
        addresses += ["/corrections/", "/uk/corrections/", "/places/", "/robots.txt", "/sitemap.xml"]
        addresses += [f"/sitemap-{name}.xml" for name in ("news", "articles", "tags", "places", "authors", "sections")]
        stories = Article.objects.filter(pk__in=self.world.story_ids)
        for story in stories.order_by("pk"):
            prefix = "/uk" if story.language == "uk" else ""
            addresses.append(f"{prefix}/news/{story.slug}/")
        for story in stories.filter(is_live=True):
            base = f"/news/{story.slug}/"
            addresses += [base + "live/?after=0", base + f"live/?after={story.live_sequence}", base + "live/feed/"]
            addresses += [f"{base}posts/{post.pk}/" for post in story.live_posts.all()]
        slugs = {
            "/tags/{}/": Tag.objects.values_list("slug", flat=True),
            "/sections/{}/": [section.slug for section in self.world.sections],
            "/authors/{}/": [author.slug for author in self.world.authors.values()],
        }
        for pattern, found in slugs.items():
            for slug in found:
                for prefix in ("", "/uk"):
                    addresses += [prefix + pattern.format(slug), prefix + pattern.format(slug) + "feed/"]
        for slug in PLACES:
            addresses += [f"/places/{slug}/", f"/uk/places/{slug}/", f"/places/{slug}/feed/"]
        addresses += [f"/search/?q={query}" for query in SEARCHES]
        addresses += [f"/uk/search/?q={query}" for query in SEARCHES]
        return list(dict.fromkeys(addresses))

    @staticmethod
    def pick(items, n):
        return items[n % len(items)] if items else None


def first_difference(a, b):
    """Where two bodies first differ, with a little context."""
    if a == b:
        return "(same body)"
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, at - 120)
    return f"at byte {at}: cached …{a[start : at + 120]!r}… fresh …{b[start : at + 120]!r}…"


#: What each run in this process did, for the end of pytest's report (tests/conftest.py): a passing
#: test's output is not shown, and its seed belongs on the record.
RUNS = []


def run_machine(machine, budget, run_seed, steps_per_run, shrink=False, where=""):
    """
    Run `machine` (an EditorsAndReaders class) until `budget` is spent, from `run_seed`, printing
    what it did and the seed that replays it. Runs go on until the budget of steps is spent; the
    runs after that change nothing. Shrinking a failure to its shortest run takes minutes: only
    when `shrink`.
    """
    machine_settings = settings(
        max_examples=max(3, 3 * budget.steps // steps_per_run),
        phases=list(Phase) if shrink else [Phase.explicit, Phase.reuse, Phase.generate],
        stateful_step_count=steps_per_run,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    try:
        run_state_machine_as_test(seed(run_seed)(machine), settings=machine_settings)
    except Flaky as error:
        # A divergence that hypothesis could not replay the same way (through Varnish, timing decides
        # whether a copy is caught within its 2 s): what was found is still the failure.
        if budget.reports:
            raise AssertionError(budget.reports[0]) from error
        raise
    finally:
        said = f"consistency{where}: seed {run_seed}: {budget}"
        print(f"\n{said}", file=sys.stderr)
        RUNS.append(said)
