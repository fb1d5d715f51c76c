"""Measuring the way users run: mail tracking and notifications on, and the fields
the real views ask for, read from their arch."""

from contextlib import contextmanager

from lxml import etree

from .common import FsmCommon

# What a field widget of our views reads besides the field itself (the widget's
# ``fieldDependencies`` / ``relatedFields`` in the web client's sources).
WIDGET_DEPENDENCIES = {
    "kanban_activity": {
        "activity_exception_decoration": {},
        "activity_exception_icon": {},
        "activity_state": {},
        "activity_summary": {},
        "activity_type_icon": {},
        "activity_type_id": {"fields": {"display_name": {}}},
    },
}


def view_specification(model, view_type, view_xmlid=None):
    """The ``specification`` the web client sends to read the records of a view:
    every field of the arch (not those of sub-views), many2one with their display
    name, tags with their name and colour, and what the widgets depend on."""
    view_id = model.env.ref(view_xmlid).id if view_xmlid else False
    views = model.get_views([(view_id, view_type)])
    arch = etree.fromstring(views["views"][view_type]["arch"])
    fields = views["models"][model._name]["fields"]
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        name, widget = node.get("name"), node.get("widget")
        field_type = fields[name]["type"]
        if field_type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field_type in ("one2many", "many2many") and widget == "many2many_tags":
            related = {"display_name": {}}
            options = node.get("options") or ""
            if "color_field" in options:
                related["color"] = {}
            spec[name] = {"fields": related}
        else:
            spec[name] = {}
        for dependency, sub_spec in WIDGET_DEPENDENCIES.get(widget, {}).items():
            spec.setdefault(dependency, sub_spec)
    return spec


class FsmPerfCommon(FsmCommon):
    """FSM tests with mail tracking and notifications on, as users run Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        context = dict(cls.env.context)
        context.pop("tracking_disable", None)
        cls.env = cls.env(context=context)
        cls.Job = cls.env["fsm.job"]

    @contextmanager
    def countQueries(self, budget, counts, key):
        """assertQueryCount(budget) that also keeps the count in ``counts[key]``, to
        compare a small and a large data set. What runs at commit (the tracking
        messages of mail.thread) is counted: users wait for it too."""
        with self.assertQueryCount(budget):
            self.env.flush_all()
            start = self.cr.sql_log_count
            yield
            self.env.flush_all()
            self.env.cr.precommit.run()
            self.env.flush_all()
            counts[key] = self.cr.sql_log_count - start
