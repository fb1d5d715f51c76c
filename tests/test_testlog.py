"""The test command's log reader decides what a green run is: test it."""

import importlib.util
from pathlib import Path

SPEC = importlib.util.spec_from_file_location(
    "testlog", Path(__file__).parent.parent / "setup" / "testlog.py"
)
testlog = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(testlog)

PREFIX = "2026-11-26 14:00:00,000 4242 {level} fsm_test {logger}: {message}"
TEST_LOGGER = "odoo.addons.fsm_results.tests.test_fsm_job"


def line(level, logger, message):
    return PREFIX.format(level=level, logger=logger, message=message) + "\n"


def started(name):
    return line("INFO", TEST_LOGGER, f"Starting {name} ...")


def test_clean_run_counts_every_started_test_as_passed():
    report = testlog.parse([started("TestFsmJob.test_a"), started("TestFsmJob.test_b")])
    assert len(report.passed) == 2
    assert report.failed_count == 0


def test_failure_and_traceback_lines_count_once():
    report = testlog.parse(
        [
            started("TestFsmJob.test_a"),
            line("ERROR", TEST_LOGGER, "FAIL: TestFsmJob.test_a"),
            "Traceback (most recent call last):\n",
            "AssertionError: 1 != 2\n",
            started("TestFsmJob.test_b"),
        ]
    )
    assert [t.rsplit(".", 1)[1] for t in report.passed] == ["test_b"]
    assert report.failed_count == 1


def test_failed_subtest_fails_its_test():
    report = testlog.parse(
        [
            started("TestFsmJob.test_a"),
            line("ERROR", TEST_LOGGER, "FAIL: Subtest TestFsmJob.test_a (status='x')"),
        ]
    )
    assert report.passed == []
    assert report.failed_count == 1


def test_skipped_browser_test_is_a_failure():
    report = testlog.parse(
        [
            started("TestFsmUi.test_tour"),
            line(
                "INFO",
                TEST_LOGGER,
                "skipped TestFsmUi.test_tour : Chrome executable not found",
            ),
        ]
    )
    assert report.passed == []
    assert report.failed_count == 1


def test_warning_of_our_addon_fails_the_run():
    report = testlog.parse(
        [
            started("TestFsmJob.test_a"),
            line("WARNING", "odoo.addons.fsm_results.models.fsm_job", "something odd"),
        ]
    )
    assert report.failed_count == 1


def test_old_style_sql_constraints_warning_fails_the_run():
    # Odoo 19 logs it from the ORM without naming the model: it still fails.
    report = testlog.parse(
        [
            line(
                "WARNING",
                "odoo.orm.model_classes",
                "Model attribute '_sql_constraints' is no longer supported, "
                "please define model.Constraint on the model.",
            ),
            started("TestFsmJob.test_a"),
        ]
    )
    assert report.failed_count == 1


def test_known_odoo_noise_is_allowed():
    report = testlog.parse(
        [
            line(
                "WARNING",
                "odoo.addons.base.models.ir_actions_report",
                "You need Wkhtmltopdf 0.12.6 (patched qt) to print a pdf version",
            ),
            started("TestFsmJob.test_a"),
        ]
    )
    assert report.failed_count == 0


def test_odoo_summaries_of_a_failure_are_not_counted_again():
    report = testlog.parse(
        [
            started("TestFsmJob.test_a"),
            line("ERROR", TEST_LOGGER, "FAIL: TestFsmJob.test_a"),
            line(
                "ERROR",
                TEST_LOGGER + ".TestFsmJob.test_a.browser",
                "FAILED: [3/3] Tour x",
            ),
            line(
                "ERROR",
                "odoo.modules.loading",
                "Module fsm_results: 1 failures, 0 errors of 1 tests",
            ),
            line(
                "ERROR",
                "odoo.modules.loading",
                "At least one test failed when loading the modules.",
            ),
            line(
                "ERROR",
                "odoo.tests.result",
                "1 failed, 0 error(s) of 1 tests when loading database 'x'",
            ),
        ]
    )
    assert report.failed_count == 1


def test_error_outside_any_test_still_counts():
    report = testlog.parse(
        [
            started("TestFsmJob.test_a"),
            line(
                "ERROR",
                "odoo.modules.loading",
                "At least one test failed when loading the modules.",
            ),
        ]
    )
    assert report.failed_count == 1
