"""Who may use which route: one table, every route in the app, every role.

Each row is one route and method; the columns are the roles, in the order of ROLES:

  anon   anonymous visitor              facil  facilitator (processledare) of the process
  stake  stakeholder of organisation A  group  working group (arbetsgrupp)
  alone  stakeholder without any organisation   admin  samordnare

Outcomes:  200    the page is shown
           OK     a form was sent (with a valid CSRF token and harmless data) and got past the access rule:
                  any answer but 400/401/403/404/405/5xx or the login page (a redirect, 409 or 422 are fine)
           LOGIN  sent to the login page (or the "you were logged out, here is your text" page)
           START  sent on to the start page (logging in or registering when already signed in)
           403    refused: signed in but not allowed
           404    refused by pretending the object does not exist (someone else's response, organisation, ...)

A refused POST must leave the database exactly as it was. A new route without a row fails the test, and
so does a row for a route that no longer exists.
"""

from __future__ import annotations

import pytest

from .conftest import ROLES, changed_tables, fingerprint, is_login_redirect, rolled_back, routes, url_for_rule

OK, LOGIN, START = "OK", "LOGIN", "START"

EXPECTED = {
    # route                                                                                          ( anon, stake, alone, facil, group, admin)
    "GET /": (200, 200, 200, 200, 200, 200),
    "GET /admin/anvandare": (LOGIN, 403, 403, 403, 403, 200),
    # The open data API (docs/open-data.md): published material only, the same for everyone.
    "GET /api/v1/processer": (200, 200, 200, 200, 200, 200),
    "GET /api/v1/processer/<code>": (200, 200, 200, 200, 200, 200),
    "GET /api/v1/processer/<code>/versioner/<int:number>": (200, 200, 200, 200, 200, 200),
    "GET /api/v1/processer/<code>/remiss/<int:round_id>/svar": (200, 200, 200, 200, 200, 200),
    "GET /api/v1/processer/<code>/remiss/<int:round_id>/stallningstaganden": (200, 200, 200, 200, 200, 200),
    "GET /api/v1/processer/<code>/remiss/<int:round_id>/oppna-data.zip": (200, 200, 200, 200, 200, 200),
    "GET /admin/anvandare/<int:user_id>": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/anvandare/<int:user_id>": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/anvandare/ny": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/anvandare/ny": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/logg": (LOGIN, 403, 403, 403, 403, 200),
    "GET /admin/jobb": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/jobb/<int:job_id>/forsok-igen": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/organisationer": (LOGIN, 403, 403, 403, 403, 200),
    "GET /admin/organisationer/<int:organisation_id>": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/organisationer/<int:organisation_id>": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/organisationer/ny": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/organisationer/ny": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/organisationer/vantande": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/organisationer/vantande": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/processer/<code>": (LOGIN, 403, 403, 403, 403, 200),
    "GET /admin/processer/<code>/forslag/importera": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/forslag/importera": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/processer/<code>/rundor/<int:round_id>": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/rundor/<int:round_id>": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/processer/<code>/rundor/ny": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/rundor/ny": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/rundor/<int:round_id>": (LOGIN, 403, 403, 403, 403, 200),
    "GET /admin/rundor/<int:round_id>/remissinstanser": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/rundor/<int:round_id>/remissinstanser": (LOGIN, 403, 403, 403, 403, OK),
    "POST /admin/rundor/<int:round_id>/skicka-inbjudningar": (LOGIN, 403, 403, 403, 403, OK),
    "POST /admin/rundor/<int:round_id>/paminnelser": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/rundor/<int:round_id>/registrera-remissvar": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/rundor/<int:round_id>/registrera-remissvar": (LOGIN, 403, 403, 403, 403, OK),
    "GET /arbetsgrupp/analys/<int:run_id>": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/analys/<int:run_id>/andringar/<int:edit_id>/angra": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/analys/<int:run_id>/anteckningar/<int:subject_id>": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/analys/<int:run_id>/anteckningar/<int:subject_id>": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/analys/<int:run_id>/kampanjer/<int:campaign_id>/svara": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/analys/<int:run_id>/kampanjer/<int:campaign_id>/svara": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/analys/<int:run_id>/obesvarade": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/analys/<int:run_id>/obesvarade": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/analys/<int:run_id>/status": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/analys/<int:run_id>/svara": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/analys/<int:run_id>/synpunkter/<int:subject_id>": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/analys/<int:run_id>/synpunkter/<int:subject_id>": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>/bekrafta-namn": (LOGIN, 403, 403, 403, OK, OK),
    "POST /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>/dela-automatiskt": (LOGIN, 403, 403, 403, OK, OK),
    "POST /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>/namn": (LOGIN, 403, 403, 403, OK, OK),
    "POST /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>/sla-ihop": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>/svara": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>/svara": (LOGIN, 403, 403, 403, OK, OK),
    "POST /arbetsgrupp/analys/<int:run_id>/teman/<int:theme_id>/texter": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/process/<code>/anteckningar": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/process/<code>/sok": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/sok/texter/<int:text_id>/liknande": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/rundor/<int:round_id>/analys": (LOGIN, 403, 403, 403, 200, 200),
    "POST /arbetsgrupp/rundor/<int:round_id>/analys": (LOGIN, 403, 403, 403, OK, OK),
    "GET /arbetsgrupp/rundor/<int:round_id>/avsnitt": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/rundor/<int:round_id>/avsnitt/<section>": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/rundor/<int:round_id>/sammanstallning": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/rundor/<int:round_id>/sammanstallning.<any(docx, xlsx, csv):fmt>": (
        LOGIN,
        403,
        403,
        403,
        200,
        200,
    ),
    "POST /arbetsgrupp/rundor/<int:round_id>/sammanstallning/avpublicera": (LOGIN, 403, 403, 403, 403, OK),
    "GET /arbetsgrupp/rundor/<int:round_id>/sammanstallning/avsnitt/<section_key>/sammanfattning": (
        LOGIN,
        403,
        403,
        403,
        200,
        200,
    ),
    "POST /arbetsgrupp/rundor/<int:round_id>/sammanstallning/avsnitt/<section_key>/sammanfattning": (
        LOGIN,
        403,
        403,
        403,
        OK,
        OK,
    ),
    "GET /arbetsgrupp/rundor/<int:round_id>/sammanstallning/filer/<int:file_id>": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/rundor/<int:round_id>/sammanstallning/filer/<int:file_id>.docx": (
        LOGIN,
        403,
        403,
        403,
        200,
        200,
    ),
    "GET /arbetsgrupp/rundor/<int:round_id>/sammanstallning/publicera": (LOGIN, 403, 403, 403, 403, 200),
    "POST /arbetsgrupp/rundor/<int:round_id>/sammanstallning/publicera": (LOGIN, 403, 403, 403, 403, OK),
    "GET /arbetsgrupp/rundor/<int:round_id>/sammanstallning/teman/<int:theme_id>/sammanfattning": (
        LOGIN,
        403,
        403,
        403,
        200,
        200,
    ),
    "POST /arbetsgrupp/rundor/<int:round_id>/sammanstallning/teman/<int:theme_id>/sammanfattning": (
        LOGIN,
        403,
        403,
        403,
        OK,
        OK,
    ),
    "GET /arbetsgrupp/rundor/<int:round_id>/svar": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/rundor/<int:round_id>/synpunkter.csv": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/rundor/<int:round_id>/synpunkter.xlsx": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/svar/<int:response_id>": (LOGIN, 403, 403, 403, 200, 200),
    "GET /arbetsgrupp/synpunkter/<int:comment_id>/maskering": (LOGIN, 403, 403, 403, 403, 200),
    "POST /arbetsgrupp/synpunkter/<int:comment_id>/maskering": (LOGIN, 403, 403, 403, 403, OK),
    "GET /bekrafta/<token>": (200, 200, 200, 200, 200, 200),
    "POST /bekrafta/<token>": (OK, OK, OK, OK, OK, OK),
    "GET /dialogtraffar": (200, 200, 200, 200, 200, 200),
    "GET /dialogtraffar/<int:meeting_id>": (200, 200, 200, 200, 200, 200),
    "GET /dialogtraffar/<int:meeting_id>/andra": (LOGIN, 403, 403, 200, 403, 200),
    "POST /dialogtraffar/<int:meeting_id>/andra": (LOGIN, 403, 403, OK, 403, OK),
    "POST /dialogtraffar/<int:meeting_id>/anmalan": (LOGIN, OK, OK, OK, OK, OK),
    "POST /dialogtraffar/<int:meeting_id>/anmalan/<state>": (LOGIN, 403, 403, OK, 403, OK),
    "GET /dialogtraffar/<int:meeting_id>/anteckningar": (LOGIN, 403, 403, 200, 403, 200),
    "POST /dialogtraffar/<int:meeting_id>/anteckningar": (LOGIN, 403, 403, OK, 403, OK),
    "GET /dialogtraffar/<int:meeting_id>/anteckningar/<int:note_id>": (LOGIN, 403, 403, 200, 403, 200),
    "POST /dialogtraffar/<int:meeting_id>/anteckningar/<int:note_id>": (LOGIN, 403, 403, OK, 403, OK),
    "GET /dialogtraffar/<int:meeting_id>/anteckningar/<int:note_id>/ta-bort": (LOGIN, 403, 403, 200, 403, 200),
    "POST /dialogtraffar/<int:meeting_id>/anteckningar/<int:note_id>/ta-bort": (LOGIN, 403, 403, OK, 403, OK),
    "GET /dialogtraffar/<int:meeting_id>/anteckningar/ny": (LOGIN, 403, 403, 200, 403, 200),
    "POST /dialogtraffar/<int:meeting_id>/anteckningar/ny": (LOGIN, 403, 403, OK, 403, OK),
    "POST /dialogtraffar/<int:meeting_id>/avanmalan": (LOGIN, OK, OK, OK, OK, OK),
    "POST /dialogtraffar/<int:meeting_id>/dokument": (LOGIN, 403, 403, OK, 403, OK),
    "GET /dialogtraffar/<int:meeting_id>/dokument/<int:document_id>": (200, 200, 200, 200, 200, 200),
    "GET /dialogtraffar/<int:meeting_id>/dokument/<int:document_id>/ta-bort": (LOGIN, 403, 403, 200, 403, 200),
    "POST /dialogtraffar/<int:meeting_id>/dokument/<int:document_id>/ta-bort": (LOGIN, 403, 403, OK, 403, OK),
    "GET /dialogtraffar/<int:meeting_id>/hantera": (LOGIN, 403, 403, 200, 403, 200),
    "GET /dialogtraffar/<int:meeting_id>/narvaro": (LOGIN, 403, 403, 200, 403, 200),
    "POST /dialogtraffar/<int:meeting_id>/narvaro": (LOGIN, 403, 403, OK, 403, OK),
    "POST /dialogtraffar/<int:meeting_id>/nasta-steg/<int:note_id>": (LOGIN, 403, 403, OK, 403, OK),
    "POST /dialogtraffar/<int:meeting_id>/publicera": (LOGIN, 403, 403, OK, 403, OK),
    # The link was sent to an address none of the signed-in roles has: refused with a page saying why.
    "GET /inbjudan/<token>": (200, 403, 403, 403, 403, 403),
    "POST /inbjudan/<token>": (OK, 403, 403, 403, 403, 403),
    "GET /logga-in": (200, START, START, START, START, START),
    "POST /logga-in": (OK, OK, OK, OK, OK, OK),
    "POST /logga-ut": (LOGIN, OK, OK, OK, OK, OK),
    "POST /logga-ut-overallt": (LOGIN, OK, OK, OK, OK, OK),
    "GET /om-tjansten": (200, 200, 200, 200, 200, 200),
    "GET /organisation/<int:organisation_id>/bjud-in": (LOGIN, 200, 404, 404, 404, 404),
    "GET /organisation/<int:organisation_id>/kontakt": (LOGIN, 200, 404, 404, 404, 404),
    "POST /organisation/<int:organisation_id>/kontakt": (LOGIN, OK, 404, 404, 404, 404),
    "POST /organisation/<int:organisation_id>/bjud-in": (LOGIN, OK, 404, 404, 404, 404),
    "GET /process/<code>": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/dialogtraffar": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/dialogtraffar/ny": (LOGIN, 403, 403, 200, 403, 200),
    "POST /process/<code>/dialogtraffar/ny": (LOGIN, 403, 403, OK, 403, OK),
    "GET /process/<code>/forslag": (200, 200, 200, 200, 200, 200),
    # Version 1 (published); tests/drafts shows a draft version is found only by the group and admins.
    "GET /process/<code>/forslag/v<int:number>": (200, 200, 200, 200, 200, 200),
    # Publishing version 2, a draft.
    "GET /process/<code>/forslag/v<int:number>/publicera": (LOGIN, 403, 403, 403, 200, 200),
    "POST /process/<code>/forslag/v<int:number>/publicera": (LOGIN, 403, 403, 403, OK, OK),
    # Marking a version as adopted (antagen): coordinators only; version 2 is a draft, so the page says so.
    "GET /process/<code>/forslag/v<int:number>/anta": (LOGIN, 403, 403, 403, 403, 200),
    "POST /process/<code>/forslag/v<int:number>/anta": (LOGIN, 403, 403, 403, 403, OK),
    # What changed between two versions: the changes for everyone (the points behind them only for the
    # working group and admins, tests/drafts/test_compare_web.py), and its Word download.
    "GET /process/<code>/forslag/jamfor": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/forslag/jamfor.docx": (200, 200, 200, 200, 200, 200),
    # The adopted strategy, its page and its Word file: public once adopted (the other process's version 1
    # is; before that a 404 that says so, tests/drafts/test_adopted_strategy.py).
    "GET /process/<code>/strategi": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/strategi.docx": (200, 200, 200, 200, 200, 200),
    # Writing version 2, the draft: the working group and admins only.
    "POST /process/<code>/forslag/nasta-version": (LOGIN, 403, 403, 403, OK, OK),
    "GET /process/<code>/forslag/v<int:number>/skriv": (LOGIN, 403, 403, 403, 200, 200),
    "GET /process/<code>/forslag/v<int:number>/avsnitt/<section_key>": (LOGIN, 403, 403, 403, 200, 200),
    "POST /process/<code>/forslag/v<int:number>/avsnitt/<section_key>": (LOGIN, 403, 403, 403, OK, OK),
    "GET /process/<code>/forslag/v<int:number>/avsnitt/ny": (LOGIN, 403, 403, 403, 200, 200),
    "POST /process/<code>/forslag/v<int:number>/avsnitt/ny": (LOGIN, 403, 403, 403, OK, OK),
    "POST /process/<code>/forslag/v<int:number>/avsnitt/<section_key>/flytta": (LOGIN, 403, 403, 403, OK, OK),
    "GET /process/<code>/forslag/v<int:number>/avsnitt/<section_key>/ta-bort": (LOGIN, 403, 403, 403, 200, 200),
    "POST /process/<code>/forslag/v<int:number>/avsnitt/<section_key>/ta-bort": (LOGIN, 403, 403, 403, OK, OK),
    "POST /process/<code>/forslag/v<int:number>/numrera": (LOGIN, 403, 403, 403, OK, OK),
    "GET /process/<code>/nasta-steg": (200, 200, 200, 200, 200, 200),
    # Follow-up of the adopted strategy (issue 17), on a process of its own with an adopted version: approved
    # insatser for everyone; reporting for the owner organisation (A) and the coordinator; proposing for
    # members of an organisation (the admin here belongs to none); the rest for coordinators.
    "GET /process/<code>/uppfoljning": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/uppfoljning/mal/<key>": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/uppfoljning/insats/<int:initiative_id>": (200, 200, 200, 200, 200, 200),
    "POST /process/<code>/uppfoljning/insats/<int:initiative_id>/lage": (LOGIN, OK, 403, 403, 403, OK),
    "GET /process/<code>/uppfoljning/foresla": (LOGIN, 200, 403, 403, 403, 403),
    "POST /process/<code>/uppfoljning/foresla": (LOGIN, OK, 403, 403, 403, 403),
    "GET /admin/processer/<code>/uppfoljning": (LOGIN, 403, 403, 403, 403, 200),
    "GET /admin/processer/<code>/uppfoljning/ny": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/uppfoljning/ny": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/processer/<code>/uppfoljning/insatser/<int:initiative_id>": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/uppfoljning/insatser/<int:initiative_id>": (LOGIN, 403, 403, 403, 403, OK),
    "POST /admin/processer/<code>/uppfoljning/insatser/<int:initiative_id>/<any(godkann, avsla):decision>": (
        LOGIN,
        403,
        403,
        403,
        403,
        OK,
    ),
    "GET /admin/processer/<code>/uppfoljning/perioder": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/uppfoljning/perioder": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/processer/<code>/uppfoljning/perioder/<int:period_id>": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/uppfoljning/perioder/<int:period_id>/paminnelser": (LOGIN, 403, 403, 403, 403, OK),
    "POST /admin/processer/<code>/uppfoljning/perioder/<int:period_id>/skicka-igen": (LOGIN, 403, 403, 403, 403, OK),
    "POST /admin/processer/<code>/uppfoljning/perioder/<int:period_id>/publicera": (LOGIN, 403, 403, 403, 403, OK),
    # An organisation's report: its members and the coordinator; anyone else is told it does not exist.
    "GET /process/<code>/uppfoljning/perioder/<int:period_id>/rapport/<int:organisation_id>": (
        LOGIN,
        200,
        404,
        404,
        404,
        200,
    ),
    "POST /process/<code>/uppfoljning/perioder/<int:period_id>/rapport/<int:organisation_id>": (
        LOGIN,
        OK,
        404,
        404,
        404,
        OK,
    ),
    "POST /process/<code>/uppfoljning/perioder/<int:period_id>/rapport/<int:organisation_id>/autospara": (
        LOGIN,
        OK,
        404,
        404,
        404,
        OK,
    ),
    # The annual report of a period: public once it is published (the world's period is not yet).
    "GET /process/<code>/uppfoljning/perioder/<int:period_id>/arsrapport.<any(docx, xlsx):fmt>": (
        404,
        404,
        404,
        404,
        404,
        200,
    ),
    "GET /admin/processer/<code>/uppfoljning/importera": (LOGIN, 403, 403, 403, 403, 200),
    "POST /admin/processer/<code>/uppfoljning/importera": (LOGIN, 403, 403, 403, 403, OK),
    "GET /admin/processer/<code>/uppfoljning/insatser.xlsx": (LOGIN, 403, 403, 403, 403, 200),
    # The councils (issue 17): public lists and pages; the coordinator sets them up. Anna sits on the strategic
    # group, so she prepares the draft agenda; the facilitator facilitates the council's meetings, so sees the
    # draft and records minutes and commitments on the published one; the commitment is organisation A's.
    "GET /process/<code>/uppfoljning/rad": (200, 200, 200, 200, 200, 200),
    "POST /process/<code>/uppfoljning/rad/nytt": (LOGIN, 403, 403, 403, 403, OK),
    "GET /process/<code>/uppfoljning/rad/<int:council_id>": (200, 200, 200, 200, 200, 200),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/medlemmar": (LOGIN, 403, 403, 403, 403, OK),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/medlemmar/<int:member_id>/ta-bort": (
        LOGIN,
        403,
        403,
        403,
        403,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten": (LOGIN, 403, 403, 403, 403, OK),
    "GET /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>": (404, 200, 404, 200, 404, 200),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/punkter": (
        LOGIN,
        OK,
        404,
        403,
        404,
        OK,
    ),
    # Changing or moving a point of the draft agenda: the strategic group's member and the coordinator.
    "GET /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/punkter/<int:item_id>": (
        LOGIN,
        200,
        404,
        403,
        404,
        200,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/punkter/<int:item_id>": (
        LOGIN,
        OK,
        404,
        403,
        404,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/punkter/<int:item_id>/flytta/<any(upp, ner):direction>": (
        LOGIN,
        OK,
        404,
        403,
        404,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/punkter/<int:item_id>/ta-bort": (
        LOGIN,
        OK,
        404,
        403,
        404,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/publicera": (
        LOGIN,
        403,
        404,
        403,
        404,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/punkter/<int:item_id>/protokoll": (
        LOGIN,
        403,
        403,
        OK,
        403,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/punkter/<int:item_id>/ataganden": (
        LOGIN,
        403,
        403,
        OK,
        403,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/ataganden/<int:commitment_id>/status": (
        LOGIN,
        OK,
        403,
        OK,
        403,
        OK,
    ),
    "POST /process/<code>/uppfoljning/rad/<int:council_id>/moten/<int:meeting_id>/ataganden/<int:commitment_id>/insats": (
        LOGIN,
        OK,
        403,
        OK,
        403,
        OK,
    ),
    "GET /process/<code>/remiss/<int:round_id>/sammanstallning": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/remiss/<int:round_id>/sammanstallning/filer/<int:file_id>": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/remiss/<int:round_id>/sammanstallning/filer/<int:file_id>.docx": (
        200,
        200,
        200,
        200,
        200,
        200,
    ),
    "GET /process/<code>/remiss/<int:round_id>/sammanstallning.<any(docx, xlsx, csv):fmt>": (
        200,
        200,
        200,
        200,
        200,
        200,
    ),
    "GET /process/<code>/remiss/<int:round_id>/svar": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/remiss/<int:round_id>/svar/<int:response_id>": (200, 200, 200, 200, 200, 200),
    "GET /process/<code>/remiss/<int:round_id>/vi-gjorde": (200, 200, 200, 200, 200, 200),
    "GET /registrera": (200, START, START, START, START, START),
    "POST /registrera": (OK, OK, OK, OK, OK, OK),
    "GET /remiss/<int:round_id>": (200, 200, 200, 200, 200, 200),
    "GET /remiss/<int:round_id>/avsta": (LOGIN, 200, 404, 404, 404, 404),
    "POST /remiss/<int:round_id>/avsta": (LOGIN, OK, 404, 404, 404, 404),
    "POST /remiss/<int:round_id>/svar": (LOGIN, OK, OK, OK, OK, OK),
    "POST /sprak": (OK, OK, OK, OK, OK, OK),
    "GET /start": (LOGIN, 200, 200, 200, 200, 200),
    "GET /svar/<int:response_id>": (LOGIN, 200, 404, 404, 404, 404),
    # Letters (issue 13): only the response's own organisation, until it is confirmed and submitted.
    "GET /svar/<int:response_id>/brev": (LOGIN, 200, 404, 404, 404, 404),
    "POST /svar/<int:response_id>/brev": (LOGIN, OK, 404, 404, 404, 404),
    "GET /brev/<int:letter_id>": (LOGIN, 200, 404, 404, 404, 404),
    "GET /brev/<int:letter_id>/forlopp": (LOGIN, 200, 404, 404, 404, 404),
    "POST /brev/<int:letter_id>/las-in": (LOGIN, OK, 404, 404, 404, 404),
    "POST /brev/<int:letter_id>/utdrag/<int:excerpt_id>": (LOGIN, OK, 404, 404, 404, 404),
    "POST /brev/<int:letter_id>/bekrafta": (LOGIN, OK, 404, 404, 404, 404),
    "GET /brev/<int:letter_id>/original": (LOGIN, 200, 404, 404, 404, 404),
    "POST /svar/<int:response_id>": (LOGIN, OK, 404, 404, 404, 404),
    "GET /svar/<int:response_id>/aterkalla": (LOGIN, 200, 404, 404, 404, 404),
    "POST /svar/<int:response_id>/aterkalla": (LOGIN, OK, 404, 404, 404, 404),
    "POST /svar/<int:response_id>/autospara": (LOGIN, OK, 404, 404, 404, 404),
    "GET /svar/<int:response_id>/kvitto": (LOGIN, 200, 404, 404, 404, 404),
    # What became of a published round's points: the respondent's own, and the group's and admins' to check.
    "GET /svar/<int:response_id>/hantering": (LOGIN, 200, 404, 404, 200, 200),
    "GET /svar/<int:response_id>/version/<int:number>": (LOGIN, 200, 404, 404, 200, 200),
    "GET /svar/<int:response_id>/version/<int:number>.pdf": (LOGIN, 200, 404, 404, 200, 200),
    "GET /tillganglighet": (200, 200, 200, 200, 200, 200),
    "GET /valj-losenord/<token>": (200, 200, 200, 200, 200, 200),
    "POST /valj-losenord/<token>": (OK, OK, OK, OK, OK, OK),
    "GET /tillganglighet/rapportera": (200, 200, 200, 200, 200, 200),
    "POST /tillganglighet/rapportera": (OK, OK, OK, OK, OK, OK),
}

# Empty forms are harmless everywhere but here: an empty analysis form starts a whole theme analysis.
HARMLESS = {"themes.runs": {"n_themes": "1"}}


def outcome(method: str, response) -> str | int:
    """What the person experienced, in the table's words."""
    status = response.status_code
    if is_login_redirect(response):
        return LOGIN
    if status in (400, 403, 404, 405) or status >= 500:
        return status
    if method == "GET" and status == 200:
        return 200
    if method == "GET" and status == 302 and response.location.split("?")[0].endswith("/start"):
        return START
    if method == "POST" and (status in (200, 409, 422) or 300 <= status < 400):
        return OK
    return status  # e.g. a GET that redirects: not an outcome the table knows


def expected(method: str, rule: str, role: str):
    value = EXPECTED[f"{method} {rule}"][ROLES.index(role)]
    return int(value) if isinstance(value, str) and value.isdigit() else value


def test_the_table_has_one_row_for_every_route_and_no_row_for_a_route_that_is_gone(app):
    present = {f"{method} {rule}": endpoint_rule.endpoint for method, rule, endpoint_rule in routes(app)}
    missing = [f"{key}  (endpoint {endpoint})" for key, endpoint in sorted(present.items()) if key not in EXPECTED]
    assert not missing, "routes without a row in EXPECTED (say who may use them):\n" + "\n".join(missing)
    gone = sorted(set(EXPECTED) - set(present))
    assert not gone, "rows in EXPECTED for routes that no longer exist:\n" + "\n".join(gone)
    assert all(len(row) == len(ROLES) for row in EXPECTED.values())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_table_says(app, world, visitors, role):
    visitor = visitors(role)
    wrong, changed = [], []
    for method, rule, endpoint_rule in routes(app):
        if f"{method} {rule}" not in EXPECTED:
            continue  # reported by the test above
        url = url_for_rule(world, endpoint_rule)
        want = expected(method, rule, role)
        refused = want in (LOGIN, 403, 404)
        with rolled_back():
            before = fingerprint() if method == "POST" and refused else None
            data = HARMLESS.get(endpoint_rule.endpoint) if method == "POST" else None
            response = visitor.open(method, url, **({"data": data} if data else {}))
            after = fingerprint() if before is not None else None
        got = outcome(method, response)
        if got != want:
            wrong.append(
                f"{method} {url} ({endpoint_rule.endpoint}): expected {want}, got {got} "
                f"(HTTP {response.status_code} {response.location or ''})"
            )
        if before is not None and changed_tables(before, after):
            changed.append(f"{method} {url}: refused, yet changed {changed_tables(before, after)}")
    assert not wrong, f"as {role}:\n" + "\n".join(wrong)
    assert not changed, f"as {role}:\n" + "\n".join(changed)
