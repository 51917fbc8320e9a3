# De ticketpagina (templates/service_desk/ticket.html, _ticket_work.html, service_desk/ui/tickets.rs).

ticket-major = Groot incident
ticket-resolution-due = Oplossen uiterlijk
ticket-expected = We streven ernaar het op te lossen vóór
ticket-work = Het ticket behandelen
ticket-save = Opslaan
ticket-reply = Antwoorden
ticket-add-note = Notitie toevoegen
ticket-assign-me = Aan mij toewijzen
ticket-resolve-open = Oplossen…
ticket-resolution-code = Hoe is het opgelost?
ticket-resolution-note = Wat er is gedaan
ticket-resolution-note-hint = blijft bij het ticket
ticket-resolve = Ticket oplossen
ticket-merged-into = Samengevoegd met
ticket-merged-goes-on = het gesprek gaat daar verder.
ticket-description = Omschrijving
ticket-no-description = Geen omschrijving.
ticket-attachments = Bijlagen
ticket-stakeholder-updates = Berichten aan belanghebbenden
ticket-no-update = Nog geen bericht geplaatst.
ticket-new-update = Nieuw bericht
ticket-new-update-hint = de aanvrager en de volgers krijgen het te horen
ticket-post-update = Bericht plaatsen
ticket-conversation = Gesprek
ticket-order = Volgorde van het gesprek
ticket-oldest-first = Oudste eerst
ticket-newest-first = Nieuwste eerst
ticket-details = Gegevens
ticket-impact = Impact
ticket-urgency = Urgentie
ticket-resolved = Opgelost
ticket-resolution = Oplossing
ticket-rated = Beoordeling
ticket-reopened = Heropend
ticket-service-level = Serviceniveau
ticket-sla-policy = Beleid
ticket-due = uiterlijk
ticket-sla-how = Hoe deze tijden zijn berekend
ticket-sla-paused = De klokken stonden stil
ticket-sla-json = Hetzelfde als JSON
ticket-major-end = Groot incident beëindigen
ticket-major-declare = Groot incident uitroepen
ticket-links = Koppelingen
ticket-no-links = Nergens aan gekoppeld.
ticket-remove = verwijderen
ticket-link-kind = Dit ticket is
ticket-link-target = Ticket
ticket-link-target-hint = nummer, of een wijziging zoals CHG-123
ticket-add-link = Koppeling toevoegen
ticket-watchers = Volgers
ticket-no-watchers = Niemand volgt dit ticket.
ticket-stop-watching = Niet meer volgen
ticket-watch = Volgen
ticket-add-colleague = Een collega toevoegen
ticket-add = Toevoegen
ticket-time = Bestede tijd
ticket-time-total = Totaal:
ticket-time-duration = Tijd
ticket-time-duration-hint = bijv. 45m of 1h 30m
ticket-record-time = Tijd vastleggen
ticket-merge = Samenvoegen
ticket-merge-confirm = Dit ticket samenvoegen met het andere en sluiten? Dit kan niet ongedaan worden gemaakt.
ticket-merge-hint = reacties, bijlagen en volgers gaan daarheen; dit ticket wordt gesloten
ticket-bytes = { $size } bytes
ticket-rating = { $rating } van 5
ticket-times = { $count ->
    [one] { $count } keer
   *[other] { $count } keer
}
ticket-sla-matched = gekozen op { $matched }.
ticket-sla-calendar = Werktijd wordt geteld in de kalender { $calendar } vanaf het moment dat het ticket is gemeld; de tijden hieronder zijn in die tijdzone.
ticket-sla-target = { $target } werktijd
ticket-earlier = { $count ->
    [one] 1 eerder bericht tonen
   *[other] { $count } eerdere berichten tonen
}
ticket-remove-link = De koppeling met { $target } verwijderen
ticket-stop-watcher = { $name } niet meer laten volgen

## De geschiedenis van het ticket, zoals de tijdlijn die vertelt ("Priya Shah heeft het ticket toegewezen aan Tom")
history-nobody = niemand
history-created = heeft het ticket aangemaakt
history-reopened = heeft het ticket heropend
history-status-set = heeft de status op { $value } gezet
history-attached = heeft { $value } bijgevoegd
history-attached-file = heeft een bestand bijgevoegd
history-description = heeft de omschrijving bewerkt
history-subject = heeft het onderwerp gewijzigd in ‘{ $value }’
history-unassigned = heeft de toewijzing opgeheven
history-assigned = heeft het ticket toegewezen aan { $value }
history-team-removed = heeft het team verwijderd
history-team = heeft het ticket naar team { $value } verplaatst
history-sla-policy = heeft het ticket onder SLA-beleid { $value } gebracht
history-sla-policy-removed = heeft het ticket uit zijn SLA-beleid gehaald
history-sla-breached = heeft vastgesteld dat de SLA voor { $value } is overschreden
history-escalation = geëscaleerd: { $value }
history-routed = toegewezen door regel ‘{ $value }’
history-major-declared = heeft een groot incident uitgeroepen
history-major-ended = heeft het grote incident beëindigd
history-resolution-code = heeft de oplossingscode op { $value } gezet
history-resolution-note = heeft de oplossing beschreven
history-linked = heeft het ticket gekoppeld: { $value }
history-unlinked = heeft de koppeling verwijderd: { $value }
history-merged-into = heeft het ticket samengevoegd met { $value }
history-merged-into-another = heeft het ticket samengevoegd met een ander ticket
history-merged-from = heeft { $value } samengevoegd met dit ticket
history-merged-from-a = heeft een ticket samengevoegd met dit ticket
history-major-update = heeft een bericht aan belanghebbenden geplaatst
history-time = heeft { $value } werk vastgelegd
history-time-some = heeft werktijd vastgelegd
history-changed = heeft { $field } gewijzigd van { $old } in { $new }

## Wat het opslaan van de velden van het ticket veranderde, als bevestiging ("Toegewezen aan Priya Shah · Status: In behandeling")
saved-none = geen
saved-status = Status: { $value }
saved-assigned = Toegewezen aan { $value }
saved-unassigned = Toewijzing opgeheven
saved-team = Team: { $value }
saved-category = Categorie: { $value }
saved-ci = Configuratie-item: { $value }
saved-priority = Prioriteit: { $value }
saved-impact-urgency = Impact en urgentie opgeslagen
saved-major-declared = Groot incident uitgeroepen
saved-major-ended = Groot incident beëindigd
saved-resolution-note = Oplossing opgeslagen
saved-nothing = Er is niets gewijzigd

# The configuration item a ticket names, and the open tickets on an item's page.
ticket-ci = Configuratie-item
ticket-ci-none = Dit ticket noemt geen configuratie-item.
ticket-ci-caused-by = Veroorzaakt door
ticket-ci-services = Bedrijfsdiensten in gevaar
ticket-ci-set = Getroffen item
ticket-ci-hint = de naam, of het nummer als #123; leeg om te wissen
ticket-ci-save = Item opslaan
ci-tickets-title = Open tickets
ci-tickets-none = Geen open ticket noemt dit item.
ci-tickets-all = Alle tickets die het noemen
ci-tickets-more = { $count ->
    [one] Alleen het nieuwste staat hier.
   *[other] Alleen de nieuwste { $count } staan hier.
  }
