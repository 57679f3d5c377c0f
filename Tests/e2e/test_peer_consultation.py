"""A whole co-development session over real WebSockets: a facilitator, a client and four
consultants, through every phase, with the rules the server enforces at each one, private
notes that reach only the client, the minutes, and the session rebuilt from its log after
a restart. Every frame is validated against docs/schema (the activity's own schema too)."""

from __future__ import annotations

from session_client import TRAINER_TOKEN, Clients, all_see, api, by_name, create_session, run, start_server


def activity(client) -> dict:
    return client.view["activity"]["view"]


def test_a_whole_co_development_session(atelier_factory, tmp_path):
    data_dir = tmp_path / "data"

    async def body():
        server = start_server(atelier_factory, data_dir=data_dir)
        created = create_session(server, "codeveloppement", "Codev de mars")
        async with Clients(server) as clients:
            lead = await clients.new("lead")
            await lead.facilitate(created["id"], token=TRAINER_TOKEN, name="Claire")
            names = ["Aïcha", "Bruno", "Chloé", "David", "Emma"]
            people = {}
            for name in names:
                people[name] = await clients.new(name)
                await people[name].join(created["joinCode"], name)
            everyone = [lead, *people.values()]
            await all_see(everyone, lambda c: len(c.view["members"]) == 6, "six members")
            aicha, bruno, chloe, david, emma = (people[n] for n in names)
            consultants = [bruno, chloe, david, emma]

            await lead.command("nextStep")
            await all_see(everyone, lambda c: c.view["activity"]["id"] == "peer-consultation", "the co-development step")
            assert activity(bruno)["phase"] == "subject" and activity(bruno)["subjectSelection"] is True

            # Phase 0: two subjects, a quick vote, the facilitator picks; the proposer is the client.
            await aicha.activity("propose", text="Remobiliser les entreprises du territoire")
            await bruno.activity("propose", text="Ouvrir un tiers-lieu")
            await all_see(everyone, lambda c: len(activity(c)["proposals"]) == 2, "two proposals")
            first = activity(lead)["proposals"][0]["id"]
            for voter in (chloe, david, emma):
                await voter.activity("vote", proposal=first)
            await all_see(everyone, lambda c: activity(c)["proposals"][0]["votes"] == 3, "three votes")
            await chloe.wait_for(lambda c: c.view["me"].get("activity") == {"vote": first}, what="her own vote, privately")
            await bruno.activity("nextPhase", expect_error="forbidden")
            await lead.activity("nextPhase", expect_error="invalid_state")  # no client yet
            await lead.activity("pickProposal", proposal=first)
            client_id = by_name(lead, "Aïcha")
            await all_see(everyone, lambda c: activity(c).get("client") == client_id, "Aïcha is the client")

            # 1. Exposé: only the client; she pins a summary.
            await lead.activity("nextPhase")
            await all_see(everyone, lambda c: activity(c)["phase"] == "expose", "the exposé")
            assert "deadline" in activity(bruno)
            await bruno.activity("post", cardKind="question", text="Depuis quand ?", expect_error="invalid_state")
            await aicha.activity("pinSummary", text="Trois entreprises partenaires se retirent du projet.")
            await lead.activity("previousPhase", expect_error="invalid_state")  # the client is set now

            # 2. Clarification: questions only; the client answers; advice in disguise is flagged.
            await lead.activity("nextPhase")
            for index, consultant in enumerate(consultants):
                await consultant.activity("post", cardKind="question", text=f"Question {index + 1} ?")
            await bruno.activity("post", cardKind="suggestion", text="Tu devrais…", expect_error="invalid_state")
            await aicha.activity("post", cardKind="question", text="Et moi ?", expect_error="forbidden")
            await all_see(everyone, lambda c: len(activity(c)["cards"]) == 4, "four questions")
            questions = activity(lead)["cards"]
            for card in questions:
                await aicha.activity("answer", card=card["id"], text=f"Réponse à {card['text']}")
            await bruno.activity("answer", card=questions[0]["id"], text="Moi je…", expect_error="forbidden")
            await lead.activity("flag", card=questions[3]["id"], flagged=True)
            await all_see(everyone, lambda c: all("answer" in card for card in activity(c)["cards"])
                          and activity(c)["cards"][3]["flagged"], "answers and the flag")

            # Speaking turns inside the phase: a queue, the floor, the facilitator's statistics.
            await chloe.activity("raiseHand")
            await lead.activity("giveFloor", participant=by_name(lead, "Chloé"))
            await all_see(everyone, lambda c: activity(c).get("speaker") == by_name(c, "Chloé"), "Chloé has the floor")

            # 3. Contract: reformulations, then the client's request.
            await lead.activity("nextPhase")
            await david.activity("post", cardKind="reformulation", text="Tu cherches des alliés durables")
            await aicha.activity("setContract", items=["convaincre deux entreprises de revenir", "trouver un relais"])
            await all_see(everyone, lambda c: len(activity(c)["contract"]) == 2, "the contract")
            assert "clarification" in activity(lead)["speaking"]
            assert by_name(lead, "Chloé") in activity(lead)["speaking"]["clarification"]
            assert "speaking" not in activity(bruno)  # for the facilitator only

            # 4. Consultation: tagged contributions; consultants don't answer each other; the
            # client only asks for precision and keeps private notes.
            await lead.activity("nextPhase")
            await bruno.activity("post", cardKind="suggestion", text="Un petit-déjeuner d'entreprises", tag=0)
            await emma.activity("post", cardKind="experience", text="À Lyon, un club RSE a marché", tag=1)
            await chloe.activity("post", cardKind="hypothesis", text="Le projet manque de visibilité",
                                 expect_error="bad_request")  # untagged: every contribution answers the request
            await chloe.activity("post", cardKind="hypothesis", text="Le projet manque de visibilité", tag=0)
            await all_see(everyone, lambda c: len(activity(c)["cards"]) == 8, "three contributions")
            suggestion = next(c for c in activity(lead)["cards"] if c["kind"] == "suggestion")
            await emma.activity("answer", card=suggestion["id"], text="Bonne idée", expect_error="forbidden")
            await aicha.activity("post", cardKind="reaction", text="Je", tag=0, expect_error="forbidden")
            await aicha.activity("askPrecision", card=suggestion["id"], text="Avec quelles entreprises ?")
            await aicha.activity("writeNotes", text="Appeler la CCI lundi")
            await aicha.wait_for(lambda c: c.view["me"].get("activity", {}).get("notes") == "Appeler la CCI lundi",
                                 what="her notes")
            for other in [lead, *consultants]:
                assert "Appeler la CCI" not in str(other.view), other

            # 5. Synthesis: the client's action plan, from a suggestion and her own idea.
            await lead.activity("nextPhase")
            await aicha.activity("addAction", what="Organiser un petit-déjeuner", due="avant juin",
                                 resources="la CCI", source=suggestion["id"])
            await aicha.activity("addAction", what="Écrire aux trois partenaires", due="cette semaine")
            await bruno.activity("addAction", what="x", expect_error="forbidden")
            await all_see(everyone, lambda c: len(activity(c)["actions"]) == 2, "the action plan")

            # 6. Learnings: everyone, the client included.
            await lead.activity("nextPhase")
            for person, frame in zip([aicha, *consultants], ["applications", "learnings", "appreciation",
                                                             "expectations", "learnings"]):
                await person.activity("post", cardKind="learning", text=f"{frame} de {person.label}", frame=frame)
            await lead.activity("nextPhase", expect_error="invalid_state")  # the last phase of the only case
            await all_see(everyone, lambda c: len([k for k in activity(c)["cards"] if k["kind"] == "learning"]) == 5,
                          "five learnings")
            live = activity(bruno)

            minutes = api(server, "GET", f"/api/sessions/{created['id']}/minutes").body.decode()
            for expected in ["### Cas 1 — client : Aïcha", "1. Aidez-moi à convaincre deux entreprises de revenir",
                             "Précision demandée : Avec quelles entreprises ?",
                             "- [ ] Organiser un petit-déjeuner — échéance : avant juin — ressources : la CCI"
                             " (inspirée de : Un petit-déjeuner d'entreprises)\n",
                             "- [ ] Écrire aux trois partenaires — échéance : cette semaine\n",
                             "*Applications* : applications de Aïcha — Aïcha",
                             "- Question 4 ? — *Question signalée : conseil déguisé*\n"]:
                assert expected in minutes, expected
            assert "Appeler la CCI" not in minutes and "Participants prêts" not in minutes
            # A flag never names anyone: Emma asked the flagged question.
            flagged = [line for line in minutes.splitlines() if "conseil déguisé" in line]
            assert len(flagged) == 1 and not any(name in flagged[0] for name in names), flagged

        # The whole session, rebuilt from its log by a new server process, is what clients saw.
        server.stop()
        again = start_server(atelier_factory, data_dir=data_dir)
        async with Clients(again) as clients:
            viewer = await clients.new("viewer")
            await viewer.join(created["joinCode"], "Relecture", role="observer")
            assert activity(viewer) == live

    run(body(), timeout=120)
