# De woorden van de pagina's in het Nederlands. Elke tekst van en/main.ftl staat hier ook.

## De schil (templates/base.html)
skip-to-content = Naar de inhoud
nav-main = Hoofdmenu
notifications = Meldingen
notifications-unread = Meldingen, { $count } ongelezen
sign-out = Afmelden
shortcuts = Sneltoetsen
dismiss = Sluiten
close = Sluiten

## Het hoofdmenu
nav-queue = Wachtrij
nav-assets = Middelen
nav-cmdb = CMDB
nav-my-assets = Mijn apparaten
nav-tickets = Tickets
nav-my-tickets = Mijn tickets
nav-new-ticket = Nieuw ticket
nav-dashboard = Dashboard
nav-approvals = Goedkeuringen
nav-admin = Beheer

## Sneltoetsen
shortcuts-title = Sneltoetsen
shortcut-walk = Volgend en vorig ticket
shortcut-reply = Antwoorden
shortcut-note = Interne notitie toevoegen
shortcut-assign = Het ticket aan mij toewijzen
shortcut-search = Zoeken
shortcut-queue = Naar de wachtrij
shortcut-notifications = Naar de meldingen
shortcut-dashboard = Naar het dashboard
shortcut-help = Deze lijst
shortcuts-typing = Sneltoetsen doen niets terwijl u in een veld typt.

## De beheerpagina
admin-title = Beheer
admin-users = Gebruikers
admin-users-note = personen, rollen, en de organisaties en afdelingen waar ze bij horen
admin-organisations = Organisaties en afdelingen
admin-organisations-note = uw bedrijf en zijn dochterondernemingen
admin-teams = Teams
admin-teams-note = ondersteuningsgroepen en hun leden
admin-approval-chains = Goedkeuringsketens
admin-approval-chains-note = wie catalogusaanvragen goedkeurt, in welke volgorde
admin-categories = Categorieën
admin-categories-note = waaronder tickets worden ingediend
admin-assets = Catalogus van middelen
admin-assets-note = typen middelen en hun velden, modellen, locaties
admin-routing = Toewijzing
admin-routing-note = toewijzingsregels: naar welk team en welke medewerker een nieuw ticket gaat
admin-automation = Automatisering
admin-automation-note = regels die op tickets werken wanneer er iets gebeurt of tijd verstrijkt
admin-sla = Serviceniveaus
admin-sla-note = SLA-beleid, doelen, escalatie en kalenders met werktijden
admin-notifications = Meldingsmails
admin-notifications-note = de berichten die mensen krijgen, per gebeurtenis en taal
admin-mail = E-mail
admin-mail-note = postvakken, wie tickets per e-mail mag openen, uitgaande mail, mislukte berichten
admin-webhooks = Webhooks
admin-webhooks-note = ticketgebeurtenissen naar andere systemen, Slack en Microsoft Teams
admin-tokens = API-sleutels
admin-tokens-note = alle sleutels, en ze intrekken

## Foutpagina's
error-go-back = Terug
error-start = Naar de startpagina

## De accountpagina: taal, tijdzone en thema
prefs-title = Taal, tijdzone en thema
prefs-language = Taal
prefs-time-zone = Tijdzone
prefs-time-zone-hint = de datums op elke pagina worden erin getoond; leeg: die van uw browser
prefs-theme = Thema
theme-system = Zoals het systeem
theme-light = Licht
theme-dark = Donker
prefs-save = Opslaan
prefs-saved = Voorkeuren opgeslagen

## Wie het ticket nog meer open heeft (templates/service_desk/_presence.html)
presence-label = Ook met dit ticket bezig:
presence-writing = schrijft een antwoord…

## De kolommen van de ticketlijsten (service_desk/ui/columns.rs)
column-number = Nummer
column-subject = Onderwerp
column-kind = Soort
column-requester = Aanvrager
column-organisation = Organisatie
column-category = Categorie
column-status = Status
column-priority = Prioriteit
column-sla = SLA
column-team = Team
column-assignee = Behandelaar
column-created = Gemeld
column-updated = Bijgewerkt
columns-title = Kolommen
columns-shown = Getoonde kolommen
columns-density = Regels
columns-comfortable = Ruim
columns-compact = Compact
columns-save = Toepassen
columns-saved = Kolommen opgeslagen

## Woorden die het script van de pagina schrijft (static/app.js, dat %count en %who zelf invult)
js-notifications = Meldingen
js-notifications-unread = Meldingen, %count ongelezen
js-show = Tonen
js-updated-one = 1 nieuw of gewijzigd ticket
js-updated-other = %count nieuwe of gewijzigde tickets
js-replied = %who heeft geantwoord
js-noted = %who heeft een interne notitie toegevoegd
js-changed = %who heeft het ticket gewijzigd
js-someone = Iemand
js-entries = %count nieuwe berichten
js-not-saved = Die wijziging is niet opgeslagen: open het ticket om te zien waarom.
js-dismiss = Sluiten
js-preview = Voorbeeld
js-edit = Bewerken
js-nothing-to-preview = Nog niets om te tonen.
