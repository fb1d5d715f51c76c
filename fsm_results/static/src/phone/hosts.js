import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { Layout } from "@web/search/layout";
import { formView } from "@web/views/form/form_view";
import { KanbanController } from "@web/views/kanban/kanban_controller";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { FsmJobScreen } from "./job_screen";

export const JOB_SCREEN_TAG = "fsm_job_screen";

/** The client action of the job screen: /odoo/fsm-job/<id>, reload-safe. */
export class FsmJobScreenAction extends Component {
    static template = "fsm_results.FsmJobScreenAction";
    static components = { Layout, FsmJobScreen };
    static props = { ...standardActionServiceProps };
    static path = "fsm-job";
    static displayName = _t("Job");

    setup() {
        const { action, resId } = this.props;
        this.resId = resId || action.context?.active_id || action.params?.resId;
        this.props.updateActionState?.({ resId: this.resId });
    }

    onLoaded(job) {
        this.env.config.setDisplayName(job.name);
    }
}
registry.category("actions").add(JOB_SCREEN_TAG, FsmJobScreenAction);

/** Opens the job screen of a job (from My Jobs, from a link). */
export function openJobScreen(actionService, resId, options = {}) {
    return actionService.doAction(
        { type: "ir.actions.client", tag: JOB_SCREEN_TAG, name: _t("Job") },
        { ...options, props: { resId } }
    );
}

/**
 * The job's form view, as reached by its link (/odoo/fsm.job/<id>, a chatter
 * or email link): on a narrow screen it is the job screen, unless the full form
 * was asked for. Dialogs and the office's desktop keep today's form.
 */
export class FsmJobFormSwitch extends Component {
    static template = "fsm_results.FsmJobFormSwitch";
    static components = { Layout, FsmJobScreen, FormController: formView.Controller };
    static props = ["*"];

    setup() {
        this.ui = useService("ui");
        this.usePhoneScreen =
            this.ui.isSmall &&
            !this.env.inDialog &&
            Boolean(this.props.resId) &&
            !this.props.context?.fsm_full_form;
    }

    onLoaded(job) {
        this.env.config.setDisplayName?.(job.name);
    }
}
registry.category("views").add("fsm_job_form", {
    ...formView,
    Controller: FsmJobFormSwitch,
});

/** My Jobs: a tap on a job card opens the job screen (its buttons still act). */
export class FsmMyJobsKanbanController extends KanbanController {
    async openRecord(record) {
        return openJobScreen(this.actionService, record.resId);
    }
}
registry.category("views").add("fsm_my_jobs_kanban", {
    ...kanbanView,
    Controller: FsmMyJobsKanbanController,
});
