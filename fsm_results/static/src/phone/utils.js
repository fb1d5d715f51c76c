/**
 * Small helpers of the technician's job screen: plain text <-> the HTML of the
 * client notes, and photos made small enough to send from a phone.
 */
import { escape } from "@web/core/utils/strings";

const BLOCKS = new Set(["P", "DIV", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "BLOCKQUOTE", "PRE"]);

/** The text a person reads in an HTML note: lines kept, tags dropped. */
export function htmlToText(html) {
    if (!html) {
        return "";
    }
    const doc = new DOMParser().parseFromString(String(html), "text/html");
    const lines = [];
    let current = "";
    const walk = (node) => {
        for (const child of node.childNodes) {
            if (child.nodeType === Node.TEXT_NODE) {
                current += child.textContent;
            } else if (child.nodeName === "BR") {
                // (a <br> closing a paragraph is how editors keep an empty line)
                if (child.nextSibling) {
                    current += "\n";
                }
            } else if (BLOCKS.has(child.nodeName)) {
                if (current) {
                    lines.push(current);
                    current = "";
                }
                walk(child);
                lines.push(current);
                current = "";
            } else {
                walk(child);
            }
        }
    };
    walk(doc.body);
    if (current) {
        lines.push(current);
    }
    return lines.join("\n");
}

/** Plain text typed on a phone, as the HTML of a note (one paragraph per line). */
export function textToHtml(text) {
    if (!text || !text.trim()) {
        return false;
    }
    return text
        .split("\n")
        .map((line) => `<p>${escape(line) || "<br>"}</p>`)
        .join("");
}

/** A picture from the camera, scaled down to ``size`` px and encoded as JPEG. */
export async function shrinkImage(file, size = 1600, quality = 0.85) {
    const bitmap = await createImageBitmap(file);
    const ratio = Math.min(1, size / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * ratio));
    canvas.height = Math.max(1, Math.round(bitmap.height * ratio));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close?.();
    return canvas.toDataURL("image/jpeg", quality);
}

/** The base64 payload of a data URL (what an Odoo image field takes). */
export function dataUrlToBase64(dataUrl) {
    return dataUrl.slice(dataUrl.indexOf(",") + 1);
}
