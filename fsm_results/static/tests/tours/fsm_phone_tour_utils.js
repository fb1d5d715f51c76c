/**
 * What the job screen's tours share: counting taps, checking the screen fits a
 * phone, reading back what was saved through the ORM, and the phone's camera and
 * finger, as a tour can play them.
 *
 * A tap is one touch of the screen a technician makes: a button, a switch, a
 * field to type in (typing itself is not counted), the camera's shutter (handing
 * a picture to the file input) and one stroke of a finger on the signature pad.
 * Today's form is counted the same way (see the report of issue 9).
 */
import { browser } from "@web/core/browser/browser";
import { rpc } from "@web/core/network/rpc";

export const SCREEN = ".o_fsm_screen";
const TAPS = "fsm_phone_tour.taps";

export function resetTaps() {
    browser.sessionStorage.setItem(TAPS, "0");
}

export function tapCount() {
    return Number(browser.sessionStorage.getItem(TAPS) || 0);
}

/** Marks a step as a tap of the technician: counted, then played. */
export function tap(step) {
    const run = step.run || "click";
    return {
        ...step,
        async run(helpers) {
            browser.sessionStorage.setItem(TAPS, String(tapCount() + 1));
            if (typeof run === "function") {
                return run.call(this, helpers);
            }
            const [action, ...rest] = run.split(" ");
            return helpers[action](rest.join(" ") || undefined);
        },
    };
}

/** The ORM, as the logged-in user, from inside the tour. */
export function orm(model, method, args = [], kwargs = {}) {
    return rpc(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
}

export async function readJob(customer, fields) {
    const [job] = await orm("fsm.job", "search_read", [], {
        domain: [["partner_id.name", "=", customer]],
        fields: ["id", ...fields],
        limit: 1,
    });
    if (!job) {
        throw new Error(`No job of ${customer} can be read`);
    }
    return job;
}

export function expect(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

/**
 * The screen fits the phone: nothing wider than the window or past its right
 * edge, and on the job screen every control is at least 44 px high and every text
 * at least 16 px.
 */
export function checkFits() {
    const width = document.documentElement.clientWidth;
    const problems = [];
    if (document.scrollingElement.scrollWidth > width + 1) {
        problems.push(`the page scrolls sideways (${document.scrollingElement.scrollWidth}px)`);
    }
    const name = (el) =>
        `${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\s+/).slice(0, 3).join(".")}`;
    for (const el of document.querySelectorAll("body *")) {
        const rect = el.getBoundingClientRect();
        if (!rect.width || !rect.height || getComputedStyle(el).visibility === "hidden") {
            continue;
        }
        if (rect.width > width + 1 || rect.right > width + 1) {
            // a scroll container's own content may be wider on purpose (none on the screen)
            if (!el.closest(".o_fsm_screen") && el.closest("[class*='overflow'], .table-responsive")) {
                continue;
            }
            problems.push(`${name(el)} is ${Math.round(rect.width)}px wide, right edge ${Math.round(rect.right)}px`);
        }
    }
    const screen = document.querySelector(SCREEN);
    if (screen) {
        const controls = screen.querySelectorAll(
            "button, a.btn, input:not([type=checkbox]):not([type=file]), select, textarea, label.o_fsm_tap"
        );
        for (const el of controls) {
            const rect = el.getBoundingClientRect();
            if (rect.height && !el.classList.contains("visually-hidden") && rect.height < 44 - 0.5) {
                problems.push(`${name(el)} "${el.textContent.trim().slice(0, 24)}" is ${rect.height}px high`);
            }
        }
        for (const el of screen.querySelectorAll("*")) {
            const ownText = [...el.childNodes].some(
                (node) => node.nodeType === Node.TEXT_NODE && node.textContent.trim()
            );
            if (ownText && el.getBoundingClientRect().height) {
                const size = parseFloat(getComputedStyle(el).fontSize);
                if (size < 16 - 0.01) {
                    problems.push(`${name(el)} "${el.textContent.trim().slice(0, 24)}" is ${size}px text`);
                }
            }
        }
    }
    if (problems.length) {
        throw new Error(`Not fit for a ${width}px phone:\n${problems.slice(0, 12).join("\n")}`);
    }
}

/**
 * A job screen taller than the phone can be scrolled: some element around it
 * (Odoo's action) moves when scrolled. A tour clicks what it wants wherever it
 * is: without this check a screen stuck at its first screenful would pass.
 */
export function checkScrolls() {
    const screen = document.querySelector(SCREEN);
    if (!screen || screen.getBoundingClientRect().bottom <= window.innerHeight + 1) {
        return;
    }
    for (let el = screen.parentElement; el; el = el.parentElement) {
        const scrollable = el === document.scrollingElement
            || /(auto|scroll)/.test(getComputedStyle(el).overflowY);
        if (scrollable && el.scrollHeight > el.clientHeight) {
            const before = el.scrollTop;
            el.scrollTop = before + 40;
            const moved = el.scrollTop !== before;
            el.scrollTop = before;
            if (moved) {
                return;
            }
        }
    }
    throw new Error("The job screen is taller than the phone, but nothing scrolls");
}

/** A step that waits for ``trigger`` then checks the screen and what was saved. */
export function saved(content, check, trigger = `${SCREEN} .o_fsm_save_state[data-state="saved"]`) {
    return {
        content,
        trigger,
        async run() {
            checkFits();
            checkScrolls();
            if (check) {
                await check();
            }
        },
    };
}

/** A small PNG made by the browser, as a phone camera would hand over a picture. */
export async function makePhoto(color = "#3f7fbf") {
    const canvas = document.createElement("canvas");
    canvas.width = 64;
    canvas.height = 48;
    const context = canvas.getContext("2d");
    context.fillStyle = color;
    context.fillRect(0, 0, 64, 48);
    context.fillStyle = "#f0c040";
    context.fillRect(16, 12, 32, 24);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    return new File([blob], "photo.png", { type: "image/png" });
}

/** Hands a picture to an <input type="file"/>, as the phone's camera does. */
export async function takePhoto(input, color) {
    const dataTransfer = new DataTransfer();
    dataTransfer.items.add(await makePhoto(color));
    input.files = dataTransfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

/** Draws one stroke on a signature pad with a finger (touch pointer events). */
export function drawStroke(canvas) {
    const rect = canvas.getBoundingClientRect();
    const points = [];
    for (let i = 0; i <= 12; i++) {
        points.push({
            x: rect.left + rect.width * (0.15 + (0.7 * i) / 12),
            y: rect.top + rect.height * (i % 2 ? 0.35 : 0.65),
        });
    }
    const pointer = (type, { x, y }) =>
        canvas.dispatchEvent(
            new PointerEvent(type, {
                bubbles: true,
                cancelable: true,
                composed: true,
                pointerId: 1,
                pointerType: "touch",
                isPrimary: true,
                button: 0,
                buttons: type === "pointerup" ? 0 : 1,
                pressure: type === "pointerup" ? 0 : 0.5,
                clientX: x,
                clientY: y,
            })
        );
    pointer("pointerdown", points[0]);
    for (const point of points.slice(1)) {
        pointer("pointermove", point);
    }
    pointer("pointerup", points.at(-1));
}
