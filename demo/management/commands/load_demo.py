import secrets
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.history import record_version
from articles.models import Article, ArticlePhoto, Author, Correction, LivePost, Section, Tag
from common.progress import shown
from demo import content, content_uk, live, pictures
from locations.models import Location
from media.models import Image

KYIV = ZoneInfo("Europe/Kyiv")
DEMO_CREDIT = "Demo illustration/The Eastern Dispatch"
ACCOUNTS = [
    # username, group, description
    ("editor", "Editors", "editor (can publish)"),
    ("writer", "Writers", "writer (cannot publish)"),
]


def kyiv_time(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=KYIV)


class Command(BaseCommand):
    help = "Load the demo newsroom: sections, authors, photos and stories, plus editor and writer accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has articles (used by `make run`).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Article.objects.exists():
            self.stdout.write("The database already has articles; demo content not loaded.")
            self.print_login_hint()
            return
        self.stdout.write("Loading the demo newsroom: drawing its photos and writing its stories…")
        with transaction.atomic():
            self.load_areas()
            sections = self.load_sections()
            authors = self.load_authors()
            count = self.load_articles(sections, authors)
            count += self.load_live_coverage(sections, authors)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {count} articles."))
        self.create_accounts()

    def load_areas(self):
        """Editor-defined informal areas, like the fortress belt of Donetsk Oblast."""
        for slug, name, members in content.AREAS:
            area, _ = Location.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "name_uk": content_uk.AREAS[slug],
                    "kind": Location.Kind.AREA,
                    "parent": Location.objects.get(slug="ukraine"),
                },
            )
            area.members.set(Location.objects.filter(slug__in=members))

    def load_sections(self):
        sections = {}
        for position, (slug, name, description) in enumerate(content.SECTIONS):
            name_uk, description_uk = content_uk.SECTIONS[slug]
            sections[slug], _ = Section.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "name_uk": name_uk,
                    "description_uk": description_uk,
                    "position": position,
                },
            )
        return sections

    def load_authors(self):
        authors = {}
        for slug, name, role, bio, hue in content.AUTHORS:
            photo = self.demo_image(
                f"author-{slug}",
                partial(pictures.portrait, slug, hue),
                alt=f"Illustrated portrait placeholder for {name}.",
                caption=name,
            )
            name_uk, role_uk, bio_uk = content_uk.AUTHORS[slug]
            authors[slug], _ = Author.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "role": role,
                    "bio": bio,
                    "name_uk": name_uk,
                    "role_uk": role_uk,
                    "bio_uk": bio_uk,
                    "photo": photo,
                },
            )
        return authors

    def load_articles(self, sections, authors):
        """The English stories, then the Ukrainian ones (six of them translations of English ones)."""
        places = Location.objects.in_bulk(field_name="slug")
        stories = [("en", story) for story in content.ARTICLES] + [("uk", story) for story in content_uk.ARTICLES]
        for language, story in shown(stories, "Stories and their photos", unit=" stories"):
            palette, scene = story["picture"]
            hero = self.demo_image(
                story["slug"],
                partial(pictures.draw, story["slug"], palette, scene),
                alt=story["alt"],
                caption=story["caption"],
            )
            fields = {
                "headline": story["headline"],
                "standfirst": story["standfirst"],
                "body": "".join(story["body"]),
                "section": sections[story["section"]],
                "hero_image": hero,
                # A story without a time is still in the workflow (filed for review, say).
                "status": story.get("status", Article.Status.PUBLISHED),
                "is_featured": story.get("featured", False),
                "published_at": kyiv_time(story["published"]) if "published" in story else None,
                "language": language,
                "translation_of": (
                    Article.objects.get(slug=story["translation_of"]) if "translation_of" in story else None
                ),
            }
            article = Article.objects.filter(slug=story["slug"]).first() or Article(slug=story["slug"])
            # Saved only when something changed, so a second run does not mark every story "Updated".
            if article.pk is None or any(getattr(article, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(article, name, value)
                article.save()
            article.authors.set([authors[slug] for slug in story["authors"]])
            # Without the full gazetteer (a test database), villages it alone holds are left out.
            article.locations.set([places[slug] for slug in story["places"] if slug in places])
            article.tags.set(
                Tag.objects.for_names(story["tags"] + content.EXTRA_TAGS_IN_CYRILLIC.get(story["slug"], []))
            )
            for after, (body_palette, body_scene), alt, caption in story.get("body_photos", []):
                key = f"{story['slug']}-body-{after}"
                photo = self.demo_image(
                    key,
                    partial(pictures.draw, key, body_palette, body_scene),
                    alt=alt,
                    caption=caption,
                )
                ArticlePhoto.objects.update_or_create(article=article, after_paragraph=after, defaults={"image": photo})
            for kind, at, text in story.get("corrections", []):
                Correction.objects.get_or_create(
                    article=article, text=text, defaults={"kind": kind, "published_at": kyiv_time(at)}
                )
            # The first version in the story's history (none when nothing changed since the last load).
            record_version(article, None, note="Demo content")
        return len(stories)

    def load_live_coverage(self, sections, authors):
        """The live coverage of 24 February 2022, with its posts (loaded once)."""
        story = live.STORY
        places = Location.objects.in_bulk(field_name="slug")
        article, created = Article.objects.get_or_create(
            slug=story["slug"],
            defaults={
                "headline": story["headline"],
                "standfirst": story["standfirst"],
                "body": "".join(story["summary"]),
                "section": sections[story["section"]],
                "hero_image": self.demo_image(
                    story["slug"],
                    partial(pictures.draw, story["slug"], *story["picture"]),
                    alt=story["alt"],
                    caption=story["caption"],
                ),
                "status": Article.Status.PUBLISHED,
                "published_at": kyiv_time(story["published"]),
                "is_live": True,
                "coverage_started_at": kyiv_time(story["published"]),
                "coverage_ended_at": kyiv_time(story["ended"]),
            },
        )
        if not created:
            return 1
        article.authors.set([authors[slug] for slug in story["authors"]])
        article.locations.set([places[slug] for slug in story["places"] if slug in places])
        article.tags.set(Tag.objects.for_names(story["tags"]))
        for at, title, is_key, paragraphs, place_slugs, author in live.POSTS:
            post = LivePost(
                article=article,
                title=title,
                is_key_event=is_key,
                body="".join(f"<p>{text}</p>" for text in paragraphs),
                status=LivePost.Status.PUBLISHED,
                published_at=kyiv_time(at),
            )
            post.save()
            post.authors.set([authors[author]])
            post.locations.set([places[slug] for slug in place_slugs if slug in places])
        record_version(article, None, note="Demo content")
        return 1

    def demo_image(self, key, render, *, alt, caption):
        """The library image drawn for `key`: drawn, stored and resized only the first time."""
        image = Image.objects.filter(credit=DEMO_CREDIT, alt_text=alt).first()
        if image is None:
            image = Image(alt_text=alt, credit=DEMO_CREDIT)
            image.file = ContentFile(render(), name=f"demo-{key}.jpg")
        image.caption = caption
        image.save()
        return image

    def create_accounts(self):
        User = get_user_model()
        for username, group_name, description in ACCOUNTS:
            user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            user.groups.add(Group.objects.get(name=group_name))
            if created:
                password = secrets.token_urlsafe(12)
                user.set_password(password)
                user.save()
                self.stdout.write(
                    self.style.WARNING(f"Demo {description}: username {username!r}, password {password!r}")
                )
            else:
                self.stdout.write(
                    f"Demo {description} {username!r} already exists; its password is unchanged "
                    f"(reset it with `manage.py changepassword {username}`)."
                )
        self.print_login_hint()

    def print_login_hint(self):
        self.stdout.write(f"Log in at {settings.SITE_URL}/admin/")
