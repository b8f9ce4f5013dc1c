import re
from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from bench.management.commands.eval_places import DATA, HALVES, Label, read_passages
from locations.models import Location

FIGURES = re.compile(r"precision (\d\.\d{3}) \((\d+)/(\d+)\)\s+recall (\d\.\d{3}) \((\d+)/(\d+)\)")


class PlaceEvaluationTests(TestCase):
    """`make eval-places`: the labelled passages are well formed and the figures add up."""

    def test_each_language_has_its_labelled_passages_with_distinct_ids(self):
        ids, per_language = [], {}
        for filename, language in HALVES.values():
            passages = read_passages(DATA / filename)
            self.assertGreaterEqual(len(passages), 50, filename)
            self.assertTrue(all(passage.text for passage in passages), filename)
            self.assertGreater(sum(not passage.labels for passage in passages), 5, "passages naming no place")
            ids += [passage.id for passage in passages]
            per_language[language] = per_language.get(language, 0) + len(passages)
        self.assertEqual(len(ids), len(set(ids)))
        self.assertGreaterEqual(per_language["en"], 200)
        self.assertGreaterEqual(per_language["uk"], 100)

    def test_a_label_picks_a_namesake_by_its_oblast(self):
        siversk = Location.objects.get(slug="siversk")
        above = ["Ukraine", "Donetsk Oblast"]
        self.assertTrue(Label("Siversk").matches(siversk, above))
        self.assertTrue(Label("Siversk @ Donetsk Oblast").matches(siversk, above))
        self.assertFalse(Label("Siversk @ Luhansk Oblast").matches(siversk, above))
        # A raion is checked only once the gazetteer knows the place's raion.
        self.assertTrue(Label("Siversk @ Donetsk Oblast / Bakhmut Raion").matches(siversk, above))
        self.assertFalse(
            Label("Siversk @ Donetsk Oblast / Bakhmut Raion").matches(siversk, [*above, "Kramatorsk Raion"])
        )

    def test_the_command_reports_every_half_with_figures_that_add_up(self):
        out = StringIO()
        call_command("eval_places", stdout=out)
        report = out.getvalue()
        figures = FIGURES.findall(report)
        self.assertEqual(len(figures), 4, report)
        for precision, right, suggested, recall, found, labelled in figures:
            self.assertAlmostEqual(float(precision), int(right) / int(suggested), places=3)
            self.assertAlmostEqual(float(recall), int(found) / int(labelled), places=3)
        self.assertIn("development half", report)
        self.assertIn("held-out half", report)
        self.assertIn("Ukrainian held-out half", report)
