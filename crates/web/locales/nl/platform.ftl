# De woorden van het platform in het Nederlands: inloggen, het eigen account, meldingen en
# het beheer van personen, teams, organisaties, e-mail, webhooks, sjablonen en sleutels.
# Elke tekst van en/platform.ftl staat hier ook, onder dezelfde id.

## Inloggen
login-title = Inloggen
login-heading = Inloggen bij Helmdesk
login-email = E-mailadres
login-password = Wachtwoord
login-submit = Inloggen
login-signed-out = U bent afgemeld.
login-password-set = Uw nieuwe wachtwoord is ingesteld en u bent overal afgemeld. Log in met uw nieuwe wachtwoord.
login-expired = Het formulier is verlopen. Log opnieuw in.
login-no-match = Dit e-mailadres en wachtwoord horen niet bij een account.
login-wait-seconds = Te veel pogingen. Wacht { $seconds ->
        [one] een seconde
       *[other] { $seconds } seconden
    } voordat u het opnieuw probeert.
login-wait-minutes = Te veel pogingen. Wacht { $minutes ->
        [one] een minuut
       *[other] { $minutes } minuten
    } voordat u het opnieuw probeert.

## Wachtwoorden: het eigen wijzigen, een vergeten wachtwoord
password-title = Wachtwoord wijzigen
password-heading = Uw wachtwoord wijzigen
password-forced = U bent ingelogd met een eenmalig wachtwoord. Kies uw eigen wachtwoord om verder te gaan.
password-current = Huidig wachtwoord
password-new = Nieuw wachtwoord
password-min = minstens { $min } tekens
password-again = Nieuw wachtwoord herhalen
password-signs-out = Als u uw wachtwoord wijzigt, wordt u overal afgemeld.
password-differ = nieuw wachtwoord herhalen: de twee nieuwe wachtwoorden zijn niet gelijk
password-form-expired = Het formulier is verlopen. Probeer het opnieuw.
password-forgot-title = Wachtwoord vergeten?
password-forgot-sent = Als er een account met dit adres bestaat, is er een link onderweg om een nieuw wachtwoord te kiezen.
password-forgot-sent-more-html = De link werkt één keer, { $minutes } minuten lang. Na een paar minuten nog niets ontvangen? Kijk in uw map met ongewenste e-mail, of <a href="/password/forgot">vraag opnieuw</a>: alleen de nieuwste link werkt.
password-forgot-no-mail = Deze Helmdesk verstuurt geen e-mail en kan u dus geen link sturen. Vraag uw beheerder om een nieuw wachtwoord.
password-forgot-intro = Vul het e-mailadres in waarmee u inlogt. We sturen u dan een link om een nieuw wachtwoord te kiezen.
password-forgot-submit = Stuur mij een link
password-back-to-sign-in = Terug naar inloggen
password-reset-title = Kies een nieuw wachtwoord
password-reset-submit = Mijn nieuwe wachtwoord instellen
password-reset-hint = Daarmee wordt u overal afgemeld; log daarna in met uw nieuwe wachtwoord.
password-reset-gone-title = Deze link werkt niet meer
password-reset-gone = Een link om een nieuw wachtwoord te kiezen werkt één keer, { $minutes } minuten lang, en alleen de nieuwste link die u is gestuurd werkt. Deze link is al gebruikt, is verlopen of is niet door ons verstuurd.
password-reset-ask = Vraag een nieuwe link aan

## Formulieren van ingelogde personen
auth-form-expired = het formulier is verlopen of kwam van een andere site; laad de pagina opnieuw en probeer het nog eens
auth-form-without-token = het formulier heeft geen CSRF-token; laad de pagina opnieuw en probeer het nog eens
auth-form-too-large = het formulier is te groot

## Rollen
role-requester = aanvrager
role-agent = medewerker
role-manager = manager
role-admin = beheerder
role-auditor = auditor

## Het eigen account
account-title = Uw account
account-name = Naam
account-email = E-mailadres
account-role = Rol
account-availability = Beschikbaarheid
account-away = Afwezig
account-away-note = Toewijzingsregels geven u geen nieuwe tickets.
account-back = Ik ben terug
account-present-note = Toewijzingsregels kunnen u nieuwe tickets geven. Meld uzelf afwezig tijdens verlof of ziekte.
account-go-away = Ik ben afwezig
account-away-set = U staat op afwezig: toewijzingsregels geven u geen nieuwe tickets tot u terug bent.
account-back-set = Welkom terug: toewijzingsregels geven u weer tickets.
account-notifications-hint = De bel toont altijd wat er met uw tickets is gebeurd. Kies wat u daarnaast per e-mail krijgt.
account-email-me-when = Stuur mij een e-mail als
account-mail-language = Taal van de e-mail
account-mail-language-hint = bijv. en, nl, de, fr, pt-BR
account-notifications-save = Meldingsinstellingen opslaan
account-notifications-saved = Uw meldingsinstellingen zijn opgeslagen.
account-tokens-hint-html = Met een sleutel kan een script de <a href="/api/v1/openapi.json">Helmdesk-API</a> namens u gebruiken: stuur hem mee als <code>Authorization: Bearer TOKEN</code>.
account-token-new = Uw nieuwe sleutel staat hieronder. Kopieer hem nu: hij wordt niet opnieuw getoond.
account-no-tokens = U hebt geen sleutels.
account-token-revoke-confirm = Deze sleutel intrekken? Scripts die hem gebruiken, werken dan niet meer.
account-token-name = Naam van de nieuwe sleutel
account-token-name-placeholder = bijv. monitoringscript
account-token-create = Sleutel aanmaken
account-token-revoked = De sleutel is ingetrokken.

## De gebeurtenissen waarover e-mail gaat
email-event-created = Een ticket is ontvangen (aan de aanvrager) of is nieuw voor een team
email-event-reply = Er is een openbaar antwoord toegevoegd
email-event-note = Er is een interne notitie toegevoegd (medewerkers)
email-event-status = De status van een ticket is gewijzigd (opgelost, gesloten, heropend...)
email-event-assignee = Een ticket is toegewezen
email-event-major-update = Een update voor belanghebbenden bij een groot incident
email-event-sla-warning = Een SLA-doel dreigt te worden overschreden (medewerkers)
email-event-escalation = Een SLA-doel is overschreden en geëscaleerd (medewerkers)
email-event-automation = Een bericht van een automatiseringsregel
email-event-password-reset = Een link om een nieuw wachtwoord te kiezen (aan wie erom vroeg met het eigen adres)
email-event-approval-request = Een goedkeuring die op u wacht, met een link om goed te keuren of af te wijzen (goedkeurders)

## Meldingen
notifications-mark-read = Alles als gelezen markeren
notifications-marked-read = Alle meldingen als gelezen gemarkeerd
notifications-count = { $count ->
        [0] Niets ongelezen.
        [one] 1 ongelezen.
       *[other] { $count } ongelezen.
    }
notifications-opening = Als u een ticket opent, wordt wat erover gezegd is als gelezen gemarkeerd.
notifications-empty = Nog niets: hier hoort u van antwoorden, toewijzingen en wijzigingen aan de tickets waaraan u werkt of die u volgt.
notifications-unread-mark = Ongelezen:
notifications-new = { $count } nieuw

## API-sleutels: de eigen en die van iedereen
tokens-title = API-sleutels
tokens-none = Nog niemand heeft een sleutel aangemaakt.
tokens-owner = Eigenaar
tokens-name = Naam
tokens-starts-with = Begint met
tokens-created = Aangemaakt
tokens-last-used = Laatst gebruikt
tokens-state = Status
tokens-actions = Acties
tokens-never = nooit
tokens-revoked = ingetrokken
tokens-active = actief
tokens-revoke = Intrekken
tokens-revoke-confirm = Deze sleutel intrekken?
tokens-revoked-flash = Sleutel ingetrokken

## Gebruikers
users-title = Gebruikers
users-export-csv = CSV downloaden
users-export-xlsx = XLSX downloaden
users-import = Personen importeren
users-add = Een gebruiker toevoegen
users-email = E-mailadres
users-name = Naam
users-role = Rol
users-organisation = Organisatie
users-department = Afdeling
users-manager = Leidinggevende
users-manager-hint = zijn of haar e-mailadres; keurt goed voor deze persoon; leeg voor geen
users-no-department = Geen afdeling
users-add-submit = Gebruiker toevoegen
users-state = Status
users-active = actief
users-inactive = inactief
users-active-label = Actief
users-active-hint = inactieve gebruikers kunnen niet inloggen
users-save = Opslaan
users-added = { $email } is toegevoegd. Geef deze persoon het eenmalige wachtwoord hieronder; bij de eerste keer inloggen kiest hij of zij een eigen wachtwoord.
users-saved = { $name } is opgeslagen.

## Teams
teams-title = Teams
teams-team = Team
teams-serves = Bedient
teams-description = Omschrijving
teams-members = Leden
teams-new = Nieuw team
teams-name = Naam
teams-create = Team aanmaken
teams-created = Team { $name } is aangemaakt.
teams-lead = Teamleider
teams-lead-hint = hoort van escalaties
teams-no-lead = Geen teamleider
teams-away = afwezig
teams-save = Opslaan
teams-saved = Team { $name } is opgeslagen.

## De organisatie waar een instelling bij hoort
scope-organisation = Organisatie
scope-and-subsidiaries = en haar dochterondernemingen
scope-every-organisation = Alle organisaties
scope-subtree = { $name } en haar dochterondernemingen
scope-above = Een organisatie boven de uwe

## Organisaties en afdelingen
orgs-title = Organisaties
orgs-hint = Medewerkers en managers zien de tickets van hun organisatie en haar dochterondernemingen.
orgs-name = Naam
orgs-parent = Dochteronderneming van
orgs-top-level = Geen (hoogste niveau)
orgs-save = Opslaan
orgs-new = Nieuwe organisatie
orgs-add = Organisatie toevoegen
orgs-created = { $name } is aangemaakt.
orgs-saved = { $name } is opgeslagen.
orgs-departments = Afdelingen
orgs-departments-hint = Aanvragers zien hun eigen tickets en die van hun afdeling.
orgs-new-department = Nieuwe afdeling
orgs-organisation = Organisatie
orgs-add-department = Afdeling toevoegen
orgs-department-created = Afdeling { $name } is aangemaakt.

## E-mail
mail-title = E-mail
mail-received = Ontvangen e-mail
mail-received-note = Elk bericht wordt bewaard zoals het binnenkwam, voordat het wordt verwerkt. Berichten die niet verwerkt konden worden, en die van afzenders die geen tickets mogen openen, wachten hier om opnieuw te worden geprobeerd zodra de oorzaak is verholpen.
mail-received-bar = Ontvangen e-mail
mail-received-tabs = Ontvangen e-mail per uitkomst
mail-status-failed = Mislukt
mail-status-rejected = Geweigerd
mail-status-ignored = Genegeerd
mail-status-received = Wachtend
mail-status-processed = Verwerkt
mail-none-here = Hier zijn geen berichten.
mail-col-received = Ontvangen
mail-col-from = Van
mail-col-subject = Onderwerp
mail-col-outcome = Uitkomst
mail-col-actions = Acties
mail-col-name = Naam
mail-col-address = Adres
mail-col-server = Server
mail-col-last-poll = Laatst opgehaald
mail-col-state = Status
mail-col-queued = In de wachtrij gezet
mail-col-to = Aan
mail-col-event = Gebeurtenis
mail-unknown = onbekend
mail-no-subject = (geen onderwerp)
mail-not-read = (nog niet gelezen)
mail-attempts = ({ $count } pogingen)
mail-download = Downloaden
mail-retry = Opnieuw proberen
mail-retry-label = Bericht { $id } opnieuw proberen
mail-retried = Bericht { $id } staat in de wachtrij om opnieuw te worden verwerkt.
mail-mailboxes = Postvakken
mail-mailboxes-note = IMAP-postvakken die op nieuwe berichten worden gecontroleerd; het certificaat van de server wordt altijd gecontroleerd. Een bericht wordt als gelezen gemarkeerd zodra het is bewaard.
mail-no-mailboxes-html = Nog geen postvakken. Voeg er hieronder een toe, of laat uw mailserver het supportadres doorsturen naar de SMTP-ontvanger van Helmdesk (<code>smtp_listen</code>).
mail-not-yet = nog niet
mail-failing = Mislukt
mail-active = Actief
mail-paused = Gepauzeerd
mail-add-mailbox = Een postvak toevoegen
mail-add-mailbox-submit = Postvak toevoegen
mail-mailbox-added = Postvak { $name } is toegevoegd; het wordt binnen een minuut opgehaald.
mail-sent = Verzonden e-mail
mail-nothing-sent = Nog niets verzonden.
mail-sent-label = Verzonden e-mail, nieuwste eerst
mail-state-sent = Verzonden
mail-state-failed = Mislukt
mail-state-queued = In de wachtrij
mail-settings = Instellingen
mail-policy = Wie per e-mail tickets mag openen
mail-policy-allow = Iedereen: onbekende afzenders worden aanvrager
mail-policy-known-domains = Bekende personen, en onbekende afzenders van de toegestane domeinen
mail-policy-reject = Alleen bekende personen
mail-domains = Toegestane domeinen
mail-domains-hint = gescheiden door komma's
mail-new-requesters = Nieuwe aanvragers komen bij
mail-top-organisation = De hoogste organisatie
mail-max = Grootste bericht
mail-max-hint = MiB, 1 tot 100
mail-flood = Berichten per afzender per uur
mail-flood-hint = meer worden genegeerd; 0: geen limiet
mail-outgoing = Uitgaande e-mail
mail-send = Meldingen per e-mail versturen
mail-smtp-host = SMTP-server
mail-port = Poort
mail-security = Beveiliging
mail-security-tls = TLS (impliciet)
mail-security-starttls = STARTTLS (verplicht)
mail-security-none = Geen (alleen een relay op deze machine)
mail-user = Gebruikersnaam
mail-user-hint = leeg: niet inloggen
mail-password = Wachtwoord
mail-password-stored = opgeslagen; laat leeg om het te behouden
mail-password-none = niets opgeslagen
mail-from-address = Afzenderadres
mail-from-address-hint = antwoorden komen hier terug
mail-from-name = Afzendernaam
mail-save-settings = Instellingen opslaan
mail-settings-saved = E-mailinstellingen opgeslagen.
mail-mailbox-title = Postvak { $name }
mail-last-poll-failed = Het laatste ophalen is mislukt: { $error }
mail-save = Opslaan
mail-mailbox-saved = Postvak { $name } is opgeslagen; het wordt binnen een minuut opgehaald.
mail-remove-confirm = Dit postvak verwijderen? De berichten die het binnenbracht, blijven bewaard.
mail-remove = Postvak verwijderen
mail-mailbox-deleted = Postvak verwijderd
mail-mb-address = Supportadres
mail-mb-address-hint = e-mail van dit adres wordt nooit verwerkt
mail-mb-host = IMAP-server
mail-mb-password-hint = laat leeg om het opgeslagen wachtwoord te behouden
mail-mb-folder = Map
mail-mb-poll = Ophalen elke
mail-mb-poll-hint = seconden, 15 tot 86.400
mail-mb-active = Dit postvak ophalen

## Webhooks
webhooks-title = Webhooks
webhooks-note = Ticketgebeurtenissen worden naar elke actieve webhook gestuurd die erop is geabonneerd: als Helmdesk-JSON (ondertekend met het geheim van de webhook), of als bericht in Slack of Microsoft Teams. Mislukte afleveringen worden ongeveer 20 minuten lang opnieuw geprobeerd.
webhooks-none = Nog geen webhooks.
webhooks-name = Naam
webhooks-format = Formaat
webhooks-events = Gebeurtenissen
webhooks-target = Doel
webhooks-state = Status
webhooks-active = Actief
webhooks-off = Uit
webhooks-no-events = Geen (alleen automatiseringsregels en tests)
webhooks-new = Nieuwe webhook
webhooks-add = Webhook toevoegen
webhooks-created = De webhook is opgeslagen.
webhooks-internal = Interne hosts
webhooks-internal-note = Webhooks mogen geen loopback-, privé-, link-local- of cloudmetadata-adressen bereiken; dat wordt gecontroleerd bij het opslaan van een webhook en voor elke aflevering. Hosts die hier staan, zijn uitgezonderd: bijvoorbeeld een chatserver op het intranet. Schrijf ze zoals in de URL van de webhook, zonder poort.
webhooks-allowed = Toegestane hosts
webhooks-allowed-hint = één per regel
webhooks-save-allowed = Toegestane hosts opslaan
webhooks-hosts-saved = { $count ->
        [0] Opgeslagen: geen interne host toegestaan.
        [one] Opgeslagen: { $count } toegestane host.
       *[other] Opgeslagen: { $count } toegestane hosts.
    }
webhooks-webhook-title = Webhook { $name }
webhooks-tested = Testaflevering { $outcome ->
        [delivered] afgeleverd
       *[other] mislukt
    }
webhooks-tested-answered = Testaflevering { $outcome ->
        [delivered] afgeleverd
       *[other] mislukt
    }: het doel antwoordde { $code }
webhooks-deliveries = Afleveringen
webhooks-send-test = Test versturen
webhooks-log-note = Nieuwste eerst. Een aflevering wordt opnieuw geprobeerd na 10 s, 20 s, 40 s enzovoort, 8 keer in totaal; van elk antwoord worden de eerste 2 KB bewaard.
webhooks-nothing-delivered = Nog niets afgeleverd.
webhooks-log-label = Afleveringen, nieuwste eerst
webhooks-time = Tijd
webhooks-event = Gebeurtenis
webhooks-code = Code
webhooks-attempts = Pogingen
webhooks-error = Fout
webhooks-delivered = Afgeleverd
webhooks-failed = Mislukt
webhooks-queued = In de wachtrij
webhooks-body-and-answer = Inhoud en antwoord
webhooks-sent = Verstuurd
webhooks-answer = Antwoord
webhooks-older = Oudere afleveringen
webhooks-settings = Instellingen
webhooks-remove-secret = Het opgeslagen geheim verwijderen
webhooks-save = Opslaan
webhooks-saved = ‘{ $name }’ is opgeslagen.
webhooks-delete-confirm = Deze webhook en het afleveringslogboek verwijderen?
webhooks-delete = Webhook verwijderen
webhooks-deleted = Webhook verwijderd
webhooks-url = URL
webhooks-url-hint = http of https
webhooks-secret = Ondertekeningsgeheim
webhooks-secret-stored = opgeslagen; laat leeg om het te behouden
webhooks-secret-none = niets opgeslagen
webhooks-secret-optional = optioneel; alleen voor Helmdesk-JSON
webhooks-format-helmdesk = Helmdesk-JSON (ondertekend)
webhooks-format-slack = Slack
webhooks-format-teams = Microsoft Teams
webhooks-event-ticket-created = Ticket aangemaakt
webhooks-event-ticket-updated = Ticket bijgewerkt
webhooks-event-ticket-replied = Nieuw antwoord
webhooks-event-ticket-noted = Interne notitie
webhooks-event-ticket-resolved = Ticket opgelost
webhooks-event-ticket-sla-warning = SLA-waarschuwing
webhooks-event-ticket-escalated = Ticket geëscaleerd
webhooks-event-ping = Testaflevering

## Sjablonen voor meldingsmails
templates-templates = Sjablonen
templates-note = De e-mail van elke gebeurtenis heeft een onderwerp, een tekst en een HTML-versie. Mensen krijgen ze in de taal van hun meldingsinstellingen; is er in die taal geen sjabloon, dan dient het Engelse. Zolang u er geen schrijft, wordt de ingebouwde tekst gebruikt.
templates-label = Meldingssjablonen
templates-event = Gebeurtenis
templates-language = Taal
templates-subject = Onderwerp
templates-state = Status
templates-built-in = Ingebouwd
templates-written = Geschreven
templates-template-title = Sjabloon: { $event } ({ $language })
templates-built-in-template = Ingebouwd sjabloon
templates-template = Sjabloon
templates-text = Tekst
templates-html-hint = waarden worden geëscaped
templates-html-hint-tickets = waarden worden geëscaped; zet {"{{"}reply.marker{"}}"} in beide versies bovenaan, zodat antwoorden netjes aansluiten
templates-save = Sjabloon opslaan
templates-preview = Voorbeeld
templates-saved = Het sjabloon { $event } in { $language } is opgeslagen.
templates-reset-confirm = Het ingebouwde sjabloon weer gebruiken?
templates-reset = Het ingebouwde sjabloon gebruiken
templates-preview-ticket = Voorbeeld, ingevuld met het nieuwste ticket
templates-preview-sample = Voorbeeld, ingevuld met een voorbeeldpersoon en -link
templates-html-frame = Het HTML-bericht
templates-placeholders = Plaatshouders
templates-other-language = Een andere taal
templates-language-tag = Taalcode
templates-open = Openen
templates-placeholder-event-message = wat er gebeurde, in één regel (bijv. New reply on INC-000123: ...)
templates-placeholder-event-details = het antwoord of de notitie met de schrijver, of de omschrijving van het ticket toen het werd ingediend
templates-placeholder-ticket-number = het nummer van het ticket, bijv. INC-000123
templates-placeholder-ticket-subject = het onderwerp van het ticket
templates-placeholder-ticket-status = de status van het ticket, bijv. In progress
templates-placeholder-ticket-priority = de prioriteit van het ticket, bijv. P2 High
templates-placeholder-ticket-url = de pagina van het ticket
templates-placeholder-requester-name = de naam van de aanvrager
templates-placeholder-assignee-name = de naam van de behandelaar (leeg als niemand het ticket heeft)
templates-placeholder-recipient-name = de naam van de persoon voor wie het bericht is
templates-placeholder-survey-url = de tevredenheidsenquête van een opgelost ticket (alleen voor de aanvrager; anders leeg)
templates-placeholder-reply-marker = de regel waar antwoorden worden afgeknipt; zet hem bovenaan zodat antwoorden netjes aansluiten
templates-placeholder-reset-url = de link om een nieuw wachtwoord te kiezen (werkt één keer)
templates-placeholder-reset-minutes = hoeveel minuten de link werkt, bijv. 30
templates-placeholder-approval-title = wat goedgekeurd moet worden, bijv. Nieuwe laptop voor Ann Example
templates-placeholder-approval-requester = wie erom vroeg
templates-placeholder-approval-step = de stap van de keten, bijv. Manager
templates-placeholder-approval-details = de gegevens van het record, één per regel
templates-placeholder-approval-due = wanneer de tijd van de stap verstrijkt (leeg als er geen limiet is)
templates-placeholder-approval-url = de link om goed te keuren of af te wijzen (werkt één keer, voor deze persoon en stap)

## De stijlpagina
style-title = Stijl
style-heading = De gedeelde onderdelen van elke pagina
style-intro = Elk onderdeel hieronder wordt getekend door het sjabloon of de macro die de modules gebruiken (docs/ui.md). De bevestiging bovenaan is die van de opmaak.
style-flash = Een bevestiging: antwoord verstuurd
style-forms = Formulieren en velden
style-subject = Onderwerp
style-subject-hint = één regel die zegt wat er mis is
style-refused = onderwerp: mag niet leeg zijn
style-status = Status
style-status-new = Nieuw
style-status-in-progress = In behandeling
style-status-pending = In afwachting
style-status-resolved = Opgelost
style-status-cancelled = Geannuleerd
style-primary = Primair
style-secondary = Secundair
style-badges = Labels
style-tabs = Tabbladen met aantallen
style-tabs-label = Voorbeeldweergaven
style-open = Open
style-mine = Van mij
style-table = Een tabel die op een telefoon kaarten wordt
style-table-label = Voorbeeldtickets
style-number = Nummer
style-example-subject = VPN valt elk uur weg
style-empty = Geen tickets gevonden: wis een filter om meer te zien.
style-markdown = Markdown, weergegeven en opgeschoond
style-confirm = Bevestiging voor wat niet ongedaan kan worden gemaakt
style-confirm-question = Dit voorbeeld verwijderen? Dit kan niet ongedaan worden gemaakt.
style-delete = Verwijderen…
style-keys-html = Toetsen: <kbd>?</kbd> toont de sneltoetsen.

## Foutpagina's
error-status = Fout { $status }
error-malformed-title = Dit verzoek kon niet worden gelezen
error-malformed = Er klopt iets niet in het adres of het formulier.
error-sign-in-title = Log in
error-sign-in = Log in om deze pagina te zien.
error-forbidden-title = Dit mag u niet doen
error-forbidden = Uw rol staat het niet toe. Vraag het zo nodig aan een beheerder.
error-not-found-title = Niet gevonden
error-not-found = Deze pagina of dit gegeven bestaat niet, of u mag het niet zien.
error-method-title = Hier niet beschikbaar
error-method = Deze pagina kan die actie niet uitvoeren. Gebruik de knoppen en links op de pagina.
error-changed-title = Het is intussen gewijzigd
error-changed = Iemand heeft dit gewijzigd terwijl u eraan werkte. Open het opnieuw om de nieuwste versie te zien en probeer het dan nog eens.
error-too-large-title = Te groot
error-too-large = Wat u stuurde is groter dan deze server accepteert.
error-not-accepted-title = Niet geaccepteerd
error-not-accepted = Iets in wat u stuurde werd niet geaccepteerd.
error-too-many-title = Te veel pogingen
error-too-many = Wacht even en probeer het dan opnieuw.
error-failed-title = Er is iets misgegaan
error-failed = De server kon dit niet afmaken. Probeer het opnieuw; blijft het gebeuren, meld het dan aan uw beheerder.

## Goedkeuringen (platform/approvals.html, approval.html, approval_link.html, _approval.html)
approvals-title = Goedkeuringen
approvals-waiting = Wacht op u
approvals-waiting-none = Er wacht niets op uw goedkeuring. Als iemand die nodig heeft, verschijnt het hier en krijgt u een e-mail.
approvals-mine = Door u gevraagd of beantwoord
approvals-mine-none = U hebt nog geen goedkeuring gevraagd of beantwoord.
approvals-what = Wat
approvals-requester = Gevraagd door
approvals-step = Stap
approvals-due = Beslissen voor
approvals-state = Stand
approvals-delegation = Terwijl u weg bent
approvals-delegation-hint = Laat iemand een tijd lang over uw goedkeuringen beslissen: die wordt naast u gevraagd en mag voor u antwoorden.
approvals-delegated-to = { $name } beslist voor u
approvals-delegated-from = U beslist voor { $name }
approvals-delegation-end = Beëindig de delegatie aan { $name }
approvals-delegate-email = E-mailadres van wie voor u beslist
approvals-delegate-from = Van
approvals-delegate-until = Tot en met
approvals-delegate = Delegeren
approval-delegated = Uw goedkeuringen gaan in die tijd ook naar { $email }
approval-delegation-ended = Delegatie beëindigd
approval-heading = Goedkeuring
approval-asked-by = Gevraagd door { $name }, goedgekeurd via “{ $chain }”
approval-comment = Uitkomst:
approval-due = beslissen voor { $time }
approval-for = voor { $name }
approval-decision-none = nog niet beantwoord
approval-decision-approved = goedgekeurd
approval-decision-rejected = afgewezen
approval-via-portal = in het portaal
approval-via-api = via de API
approval-via-mail = per e-mail
approval-your-comment = Uw opmerking
approval-comment-hint = niet verplicht; de aanvrager leest het
approval-approve = Goedkeuren
approval-reject = Afwijzen
approval-approved = Goedgekeurd: { $title }
approval-rejected = Afgewezen: { $title }
approval-back = Alle goedkeuringen
approval-open-record = Open wat goedgekeurd moet worden
approval-link-title = Een goedkeuring voor u
approval-link-for = Deze link is voor { $name }.
approval-link-gone = Deze link werkt niet meer: hij is gebruikt, de stap is afgelopen, of hij komt niet van ons. Meld u aan en open Goedkeuringen om te zien hoe het ervoor staat.
approval-state-pending = wacht
approval-state-approved = goedgekeurd
approval-state-rejected = afgewezen
approval-state-cancelled = geannuleerd
approval-step-state-waiting = nog niet bereikt
approval-step-state-pending = wacht op antwoorden
approval-step-state-approved = goedgekeurd
approval-step-state-rejected = afgewezen
approval-step-state-skipped = overgeslagen
approval-step-state-expired = tijd verstreken
approval-approver-person = een genoemde persoon
approval-approver-manager = de manager van de aanvrager
approval-approver-department-head = het afdelingshoofd
approval-approver-cost-centre-owner = de eigenaar van de kostenplaats
approval-approver-team = de leden van een team
approval-rule-any = het eerste antwoord beslist
approval-rule-all = iedereen moet goedkeuren
approval-rule-majority = een meerderheid beslist
approval-op-gt = groter dan
approval-op-ge = minstens
approval-op-lt = kleiner dan
approval-op-le = hoogstens
approval-op-eq = is gelijk aan
approval-op-ne = is niet gelijk aan

## Goedkeuringsketens (platform/admin_approval_chains.html, admin_approval_chain.html)
approval-chains-hint = De stappen van een keten lopen op volgorde. Elke stap vraagt zijn goedkeurders en wordt beslist volgens zijn regel; een afwijzing, of een stap waarvan de tijd verstrijkt, beëindigt de keten. Een stap met een voorwaarde loopt alleen als het gegeven van het record eraan voldoet (bijvoorbeeld kosten groter dan 1000).
approval-chains-new = Nieuwe goedkeuringsketen
approval-chains-none = Nog geen goedkeuringsketen. Maak er een en noem hem bij een catalogusitem.
approval-chain-name = Naam
approval-chain-organisation = Organisatie
approval-chain-description = Beschrijving
approval-chain-steps = Stappen
approval-chain-steps-hint = Vul de naam van een stap in om de rij te gebruiken; laat hem leeg om de stap te laten vallen. Een genoemde persoon geeft u op met e-mailadres, een team door het te kiezen.
approval-chain-step = Stap { $number }
approval-chain-step-name = Naam van de stap
approval-chain-approver = Wie keurt goed
approval-chain-person = Persoon (e-mail)
approval-chain-team = Team
approval-chain-no-team = Geen team
approval-chain-rule = Regel
approval-chain-fact = Alleen als gegeven
approval-chain-fact-hint = bijv. cost
approval-chain-op = is
approval-chain-value = Waarde
approval-chain-limit = Tijdslimiet (uren)
approval-chain-reminder = Herinner elke (uren)
approval-chain-save = Keten opslaan
approval-chain-saved = Goedkeuringsketen { $name } opgeslagen
approval-chain-changed = Iemand heeft deze keten opgeslagen sinds u hem opende. Uw wijzigingen staan hieronder: vergelijk ze met de huidige keten en sla opnieuw op.

## Afdelingshoofden en kostenplaatsen (platform/admin_orgs.html)
orgs-head = Hoofd (e-mail)
orgs-cost-centre = Kostenplaats
orgs-no-cost-centre = Geen kostenplaats
orgs-save-named = { $name } opslaan
orgs-department-saved = Afdeling { $name } is opgeslagen.
orgs-cost-centres = Kostenplaatsen
orgs-cost-centres-hint = De eigenaar van een kostenplaats keurt goed wat erop geboekt wordt; een afdeling boekt op één kostenplaats.
orgs-code = Code
orgs-owner = Eigenaar (e-mail)
orgs-new-cost-centre = Nieuwe kostenplaats
orgs-add-cost-centre = Kostenplaats toevoegen
orgs-cost-centre-saved = Kostenplaats { $code } is opgeslagen.
