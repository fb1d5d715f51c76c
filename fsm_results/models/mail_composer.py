def composer_action(records, template_xmlid, title, **context):
    """Odoo's email composer on ``records`` with a template chosen for them: its
    fields merged, its reports attached, everything editable before sending."""
    records.ensure_one()
    template = records.env.ref(template_xmlid)
    return {
        "type": "ir.actions.act_window",
        "name": title,
        "res_model": "mail.compose.message",
        "view_mode": "form",
        "views": [(False, "form")],
        "target": "new",
        "context": {
            "default_model": records._name,
            "default_res_ids": records.ids,
            "default_template_id": template.id,
            "default_composition_mode": "comment",
            "force_email": True,
            **context,
        },
    }
