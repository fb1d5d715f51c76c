import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The Workflow Status button: shows the next allowed status of the job and moves
 * the job there in one tap. The server decides what is allowed and refuses the
 * rest; its message is shown as any other error.
 */
export class FsmStatusButton extends Component {
    static template = "fsm_results.FsmStatusButton";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
    }

    get label() {
        return this.props.record.data[this.props.name];
    }

    async onClick() {
        const record = this.props.record;
        if (!(await record.save())) {
            return;
        }
        try {
            await this.orm.call(record.resModel, "action_next_status", [[record.resId]]);
        } finally {
            await record.load();
        }
    }
}

registry.category("fields").add("fsm_status_button", {
    component: FsmStatusButton,
    supportedTypes: ["char"],
});
