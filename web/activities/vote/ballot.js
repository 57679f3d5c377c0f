/**
 * The ballot form, in the shape the vote's method asks for: radio buttons (single
 * choice, yes / no / abstain, consent, fist-to-five), checkboxes (approval), numbers
 * (dots), a rank per option (Schulze, instant-runoff; equal ranks are ties), a grade per
 * option (majority judgment). What is being filled in is kept across updates; the form is
 * built again only when the question, options or method change.
 *
 * @module activities/vote/ballot
 */

import { P } from "./kit.js";

let unique = 0;

/** @param {import("./kit.js").Kit} kit */
export function createBallot({ h, t }) {
  const form = h("form", { class: "vote-ballot", novalidate: true, dataset: { testid: "vote-ballot" } });
  const fields = h("div", { class: "vote-fields" });
  const hint = h("p", { class: "hint vote-hint" });
  const submit = h("button", { type: "submit", class: "button button-primary", dataset: { testid: "vote-submit" } });
  const status = h("p", { class: "form-status", role: "status" });
  form.append(fields, hint, submit, status);

  let shape = "";
  /** @type {() => any} */
  let read = () => null;
  /** @type {(ballot: any) => void} */
  let fill = () => {};

  /** A fieldset of radio buttons; returns the chosen value's reader and filler. */
  function radios(legend, entries) {
    const name = `vote-${++unique}`;
    const set = h("fieldset", { class: "vote-choices" }, h("legend", { text: legend }),
      ...entries.map(([value, text]) => {
        const id = `${name}-${value}`.replace(/[^a-zA-Z0-9_-]/g, "_") + `-${++unique}`;
        return h("div", { class: "vote-choice" }, h("input", { type: "radio", id, name, value }), h("label", { for: id, text }));
      }));
    fields.append(set);
    return {
      value: () => set.querySelector("input:checked")?.value ?? null,
      set: (value) => set.querySelectorAll("input").forEach((input) => (input.checked = input.value === String(value))),
    };
  }

  /** A labelled select per option. */
  function selects(legend, options, choices) {
    const set = h("fieldset", { class: "vote-choices vote-grid" }, h("legend", { text: legend }));
    const byOption = new Map();
    for (const option of options) {
      const id = `vote-select-${++unique}`;
      const select = h("select", { id, class: "input input-small" }, ...choices.map(([value, text]) => h("option", { value, text })));
      byOption.set(option.value, select);
      set.append(h("div", { class: "vote-row" }, h("label", { for: id, text: option.label }), select));
    }
    fields.append(set);
    return byOption;
  }

  function build(view, reader) {
    fields.replaceChildren();
    const options = view.options.map((value) => ({ value, label: reader.label(value) }));
    switch (view.method) {
      case "single":
      case "yes-no": {
        const group = radios(t(`${P}.ballot.choose`), options.map((o) => [o.value, o.label]));
        read = () => (group.value() ? { choice: group.value() } : null);
        fill = (ballot) => group.set(ballot?.choice);
        hint.textContent = "";
        break;
      }
      case "approval": {
        const set = h("fieldset", { class: "vote-choices" }, h("legend", { text: t(`${P}.ballot.approve`) }),
          ...options.map((option) => {
            const id = `vote-approve-${++unique}`;
            return h("div", { class: "vote-choice" }, h("input", { type: "checkbox", id, value: option.value }), h("label", { for: id, text: option.label }));
          }));
        fields.append(set);
        read = () => ({ approved: [...set.querySelectorAll("input:checked")].map((input) => input.value) });
        fill = (ballot) => set.querySelectorAll("input").forEach((input) => (input.checked = (ballot?.approved ?? []).includes(input.value)));
        const { min, max } = view.choices;
        hint.textContent = max > 0 ? t(`${P}.ballot.approveBetween`, { min, max }) : t(`${P}.ballot.approveAtLeast`, { min });
        break;
      }
      case "dot": {
        const { total, cap } = view.dots;
        const most = cap > 0 ? cap : total;
        const inputs = selects(t(`${P}.ballot.dots`, { total }), options,
          Array.from({ length: most + 1 }, (_, n) => [String(n), String(n)]));
        read = () => ({ dots: Object.fromEntries([...inputs].map(([option, select]) => [option, Number(select.value)]).filter(([, n]) => n > 0)) });
        fill = (ballot) => inputs.forEach((select, option) => (select.value = String(ballot?.dots?.[option] ?? 0)));
        hint.textContent = cap > 0 ? t(`${P}.ballot.dotsCap`, { total, cap }) : t(`${P}.ballot.dotsHint`, { total });
        break;
      }
      case "schulze":
      case "irv": {
        const ranks = options.map((_, index) => [String(index + 1), t(`${P}.ballot.rank`, { rank: index + 1 })]);
        const inputs = selects(t(`${P}.ballot.rankLegend`), options, [["", t(`${P}.ballot.unranked`)], ...ranks]);
        read = () => {
          const tiers = new Map();
          for (const [option, select] of inputs) {
            if (!select.value) continue;
            const rank = Number(select.value);
            tiers.set(rank, [...(tiers.get(rank) ?? []), option]);
          }
          const ranking = [...tiers.keys()].sort((a, b) => a - b).map((rank) => (tiers.get(rank).length === 1 ? tiers.get(rank)[0] : tiers.get(rank)));
          return ranking.length ? { ranking } : null;
        };
        fill = (ballot) => {
          inputs.forEach((select) => (select.value = ""));
          (ballot?.ranking ?? []).forEach((tier, index) => [tier].flat().forEach((option) => inputs.get(option) && (inputs.get(option).value = String(index + 1))));
        };
        hint.textContent = t(`${P}.ballot.rankHint`);
        break;
      }
      case "majority-judgment": {
        const inputs = selects(t(`${P}.ballot.grade`), options, [["", t(`${P}.ballot.noGrade`)], ...view.grades.map((grade) => [grade, grade])]);
        read = () => ({ grades: Object.fromEntries([...inputs].filter(([, select]) => select.value).map(([option, select]) => [option, select.value])) });
        fill = (ballot) => inputs.forEach((select, option) => (select.value = ballot?.grades?.[option] ?? ""));
        hint.textContent = t(`${P}.ballot.gradeHint`, { worst: view.grades.at(-1) });
        break;
      }
      case "consent": {
        const group = radios(t(`${P}.ballot.position`), ["consent", "objection", "stand-aside"].map((p) => [p, t(`${P}.position.${p}`)]));
        const id = `vote-reason-${++unique}`;
        const reason = h("textarea", { id, class: "input", rows: "2", maxlength: "500" });
        fields.append(h("div", { class: "field" }, h("label", { for: id, text: t(`${P}.ballot.reason`) }), reason));
        read = () => {
          const position = group.value();
          if (!position) return null;
          const text = reason.value.trim();
          return text ? { position, reason: text } : { position };
        };
        fill = (ballot) => {
          group.set(ballot?.position);
          reason.value = ballot?.reason ?? "";
        };
        hint.textContent = t(`${P}.ballot.consentHint`);
        break;
      }
      case "fist-to-five": {
        const group = radios(t(`${P}.ballot.score`), [0, 1, 2, 3, 4, 5].map((n) => [String(n), t(`${P}.fist.${n}`)]));
        read = () => (group.value() === null ? null : { score: Number(group.value()) });
        fill = (ballot) => group.set(ballot?.score);
        hint.textContent = "";
        break;
      }
    }
  }

  return {
    form,
    status,
    /** The ballot as filled in, or null when nothing is chosen yet. */
    read: () => read(),

    /**
     * @param {any} view
     * @param {import("./kit.js").Reader} reader
     * @param {any} cast the ballot this voter cast (to show and change), or null
     */
    update(view, reader, cast) {
      const current = JSON.stringify([view.method, view.options, view.grades, view.choices, view.dots]);
      if (current !== shape) {
        shape = current;
        build(view, reader);
        if (cast) fill(cast);
      }
      submit.textContent = t(cast ? `${P}.ballot.change` : `${P}.ballot.submit`);
    },

    /** Shows `ballot` in the form (after a language switch or once cast elsewhere on this device). */
    fill: (ballot) => fill(ballot),
  };
}
