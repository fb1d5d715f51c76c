import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("fsm_results_open_app", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Field Service app",
            trigger: '.o_app[data-menu-xmlid="fsm_results.fsm_menu_root"]',
            run: "click",
        },
        {
            content: "The app opens on My Jobs",
            trigger: ".o_fsm_my_jobs",
        },
        {
            content: "Open the Dispatch menu",
            trigger: '.o_main_navbar button:contains("Dispatch")',
            run: "click",
        },
        {
            content: "Open all jobs",
            trigger: '.dropdown-item:contains("All Jobs")',
            run: "click",
        },
        {
            content: "The jobs list shows the job of the test",
            trigger: '.o_list_view .o_data_row td:contains("Tour Customer")',
        },
    ],
});
