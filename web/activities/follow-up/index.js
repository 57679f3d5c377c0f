/**
 * Follow-up round (suivi des plans d'action): the action items decided in the
 * cohort's earlier séances, grouped by their owners (a person or a territory's
 * binôme). The facilitator gives each group its turn; the owners (or the
 * facilitator) say where each item stands — à faire, en cours, fait,
 * abandonnée — with a note. What someone is typing is never overwritten by an
 * update; a refused save keeps it and says why.
 *
 * Contract: docs/web-client.md. Strings: ./i18n.json; the view's schema:
 * ./view.schema.json.
 *
 * @module activities/follow-up
 */

const P = "activity.follow-up";
const STATUSES = ["open", "in-progress", "done", "dropped"];

/** @type {import("../../js/activity-host.js").ActivityModule} */
export default {
  mount(container, { h, t, send, announce, describe }) {
    const intro = h("p", { class: "fu-intro" });
    const counts = h("p", { class: "fu-counts", dataset: { testid: "follow-up-counts" } });
    const turnLine = h("p", { class: "fu-turn", role: "status", dataset: { testid: "follow-up-turn" } });
    const nextButton = h("button", { type: "button", class: "button button-primary", hidden: true, dataset: { testid: "follow-up-next" } });
    const notice = h("p", { class: "activity-notice", role: "alert", dataset: { testid: "follow-up-notice" } });
    const groups = h("div", { class: "fu-groups" });
    const empty = h("p", { class: "muted", hidden: true });
    container.append(h("div", { class: "follow-up" }, intro, counts, turnLine, nextButton, notice, empty, groups));

    /** Per item: its form and whether the person changed it since it was filled. */
    /** @type {Map<string, { root: HTMLElement, status: HTMLFieldSetElement, note: HTMLInputElement, save: HTMLButtonElement, feedback: HTMLElement, dirty: boolean, shown: string }>} */
    const forms = new Map();
    /** @type {any} */
    let lastView = null;

    /** @param {Promise<unknown>} request @param {HTMLElement} [where] */
    const report = (request, where) =>
      request.then(
        () => {
          notice.textContent = "";
          return true;
        },
        (error) => {
          const sentence = describe(error);
          (where ?? notice).textContent = sentence;
          announce(sentence);
          return false;
        },
      );

    nextButton.addEventListener("click", () => report(send({ kind: "next" })));

    /** @param {any} item */
    function formFor(item) {
      let form = forms.get(item.key);
      if (form) return form;
      const name = `fu-status-${item.key.replace(/[^A-Za-z0-9_-]/g, "-")}`;
      const status = /** @type {HTMLFieldSetElement} */ (h("fieldset", { class: "fu-status" }, h("legend", { class: "visually-hidden" }),
        ...STATUSES.map((value) => h("label", { class: "fu-choice" },
          h("input", { type: "radio", name, value }), h("span", { dataset: { status: value } })))));
      const noteId = `${name}-note`;
      const noteLabel = h("label", { for: noteId });
      const note = /** @type {HTMLInputElement} */ (h("input", { id: noteId, class: "input", type: "text", maxlength: "1000", autocomplete: "off" }));
      const save = /** @type {HTMLButtonElement} */ (h("button", { type: "submit", class: "button button-secondary button-small" }));
      const feedback = h("p", { class: "form-status", role: "status" });
      const root = h("form", { class: "fu-form" }, status, h("div", { class: "field" }, noteLabel, note), save, feedback);
      form = { root, status, note, save, feedback, dirty: false, shown: "" };
      const entry = form;
      const markDirty = () => (entry.dirty = true);
      status.addEventListener("change", markDirty);
      note.addEventListener("input", markDirty);
      root.addEventListener("submit", async (event) => {
        event.preventDefault();
        const chosen = /** @type {HTMLInputElement | null} */ (status.querySelector("input:checked"));
        if (!chosen) return;
        entry.feedback.dataset.tone = "info";
        entry.feedback.textContent = t(`${P}.saving`);
        const saved = await report(send({ kind: "review", key: item.key, status: chosen.value, note: note.value }), entry.feedback);
        if (saved) {
          entry.dirty = false;
          entry.feedback.dataset.tone = "success";
          entry.feedback.textContent = t(`${P}.saved`);
        } else {
          entry.feedback.dataset.tone = "error";
        }
      });
      forms.set(item.key, form);
      return form;
    }

    /**
     * @param {any} item
     * @param {ReturnType<typeof formFor>} form
     */
    function fill(item, form) {
      form.status.querySelector("legend").textContent = t(`${P}.statusOf`, { what: item.what });
      for (const span of form.status.querySelectorAll("span[data-status]")) {
        span.textContent = t(`${P}.status.${span.getAttribute("data-status")}`);
      }
      /** @type {HTMLLabelElement} */ (form.root.querySelector("label[for]")).textContent = t(`${P}.note`);
      form.save.textContent = t(`${P}.save`);
      const shown = `${item.status}\u0000${item.note}`;
      // What the person is changing stays; otherwise the form follows the view.
      if (!form.dirty && form.shown !== shown) {
        for (const input of form.status.querySelectorAll("input")) input.checked = input.value === item.status;
        form.note.value = item.note;
        form.shown = shown;
      }
    }

    return {
      update(view, context) {
        const me = context.me?.id;
        const items = view.items ?? [];
        const turns = view.turns ?? [];
        intro.textContent = t(`${P}.intro`);
        const tally = STATUSES.map((status) => [status, items.filter((item) => item.status === status).length]).filter(([, n]) => n > 0);
        counts.textContent = tally.map(([status, n]) => t(`${P}.count.${status}`, { count: n })).join(" · ");
        empty.hidden = items.length > 0;
        empty.textContent = t(`${P}.empty`);
        const current = typeof view.current === "number" ? turns[view.current] : null;
        // The names the cohort gave when the séance opened (an owner may not be in the room).
        const names = (owners) => owners.map((id) => {
          const seeded = items.find((item) => item.owners.includes(id));
          return seeded?.names[seeded.owners.indexOf(id)] || context.memberName(id);
        });
        turnLine.textContent = current ? t(`${P}.turn`, { names: names(current).join(t(`${P}.and`)) }) : items.length ? t(`${P}.noTurn`) : "";
        if (lastView && view.current !== lastView.current && current) announce(turnLine.textContent);
        nextButton.hidden = !context.facilitates || context.readOnly || turns.length === 0;
        nextButton.textContent = t(typeof view.current === "number" && view.current + 1 >= turns.length ? `${P}.finish` : `${P}.next`);

        groups.replaceChildren(...turns.map((owners, index) => {
          const mine = owners.includes(me);
          const section = h("section", { class: "fu-group", "aria-current": index === view.current ? "true" : null, dataset: { testid: "follow-up-group" } },
            h("h4", { class: "fu-owners" }, names(owners).join(t(`${P}.and`)), mine ? h("span", { class: "pill fu-you" }, t(`${P}.you`)) : ""));
          if (context.facilitates && !context.readOnly && index !== view.current) {
            const give = h("button", { type: "button", class: "button button-link fu-give" }, t(`${P}.give`));
            give.addEventListener("click", () => report(send({ kind: "focus", turn: index })));
            section.append(give);
          }
          const list = h("ul", { class: "fu-items" });
          for (const item of items.filter((entry) => entry.owners.join() === owners.join())) {
            const entry = h("li", { class: "fu-item", dataset: { status: item.status } },
              h("p", { class: "fu-what" }, item.what),
              h("p", { class: "fu-meta" }, [item.due && t(`${P}.due`, { due: item.due }), item.session && t(`${P}.from`, { session: item.session })].filter(Boolean).join(" · ")),
              h("p", { class: "fu-state" }, h("span", { class: "fu-chip", dataset: { status: item.status } }, t(`${P}.status.${item.status}`)),
                item.note ? ` ${item.note}` : "", item.reviewed ? h("span", { class: "fu-reviewed" }, ` ${t(`${P}.reviewedNow`)}`) : ""));
            const mayReview = !context.readOnly && (context.facilitates || (context.role === "participant" && item.owners.includes(me)));
            if (mayReview) {
              const form = formFor(item);
              fill(item, form);
              entry.append(form.root);
            }
            list.append(entry);
          }
          section.append(list);
          return section;
        }));
        lastView = view;
      },
    };
  },
};
