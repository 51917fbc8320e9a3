# De woorden van de rapportages in het Nederlands: het dashboard en wat de grafieken zelf
# schrijven. Elke tekst van en/reports.ftl staat hier ook.

## Het dashboard en zijn filters
dashboard-title = Dashboard
dashboard-filters = Periode en filters
dashboard-from = Van
dashboard-to = Tot en met
dashboard-team = Team
dashboard-organisation = Organisatie
dashboard-kind = Soort
dashboard-any-team = Alle teams
dashboard-any-organisation = Alle organisaties
dashboard-any-kind = Alle soorten
dashboard-show = Tonen
dashboard-how-counted = Dagen worden geteld in de tijdzone { $zone }. Tijden zijn verstreken kloktijd vanaf het aanmaken van een ticket, geen kantooruren.
dashboard-data = Gegevens
dashboard-nobody-working = Niemand heeft open of opgeloste tickets in deze periode.

## De titels van de grafieken (en de koppen van de panelen)
dashboard-backlog-priority = Achterstand per prioriteit
dashboard-backlog-team = Achterstand per team
dashboard-backlog-age = Leeftijd van de achterstand
dashboard-flow = Aangemaakt en opgelost per dag
dashboard-response = Tijd tot eerste reactie
dashboard-resolution = Oplostijd
dashboard-sla = SLA-naleving
dashboard-sla-priority = SLA-naleving per prioriteit
dashboard-reopen = Heropend
dashboard-workload = Werkverdeling per behandelaar

## Aantallen naast de koppen en in de tooltips van de punten
dashboard-open-count = { $count } open
dashboard-unassigned-count = { $count } niet toegewezen
dashboard-created-count = { $count } aangemaakt
dashboard-resolved-count = { $count } opgelost

## Rijen, balken, legenda's en de kolommen van de tabellen
dashboard-priority = Prioriteit
dashboard-open = Open
dashboard-total = Totaal
dashboard-no-team = Geen team
dashboard-all = Alle
dashboard-open-for = Leeftijd
dashboard-tickets = Tickets
dashboard-day = Dag
dashboard-created = Aangemaakt
dashboard-resolved = Opgelost
dashboard-resolved-in-period = Opgelost in de periode
dashboard-mean = Gemiddelde
dashboard-median = Mediaan
dashboard-no-sla = Zonder SLA
dashboard-with-sla = Met SLA
dashboard-met = Gehaald
dashboard-breached = Overschreden
dashboard-share-met = Aandeel gehaald
dashboard-reopened = Heropend
dashboard-agent = Behandelaar

## De leeftijden van de achterstand
dashboard-age-under = < { $count ->
    [one] 1 dag
   *[other] { $count } dagen
}
dashboard-age-between = { $from }-{ $to } dagen
dashboard-age-over = > { $count ->
    [one] 1 dag
   *[other] { $count } dagen
}

## Een dag onder de as van de doorloop en in de tooltips ($month 1 tot en met 12)
dashboard-date = { $day } { $month ->
    [1] jan
    [2] feb
    [3] mrt
    [4] apr
    [5] mei
    [6] jun
    [7] jul
    [8] aug
    [9] sep
    [10] okt
    [11] nov
   *[12] dec
}

## De tekstalternatieven van de grafieken en de toelichting bij de meters
dashboard-flow-desc = { $created ->
    [one] 1 ticket
   *[other] { $created } tickets
} aangemaakt en { $resolved } opgelost in { $days ->
    [one] 1 dag
   *[other] { $days } dagen
}.
dashboard-flow-desc-busiest = { $created ->
    [one] 1 ticket
   *[other] { $created } tickets
} aangemaakt en { $resolved } opgelost in { $days ->
    [one] 1 dag
   *[other] { $days } dagen
}; de meeste aangemaakt op { $date } ({ $most }).
dashboard-sla-detail = SLA gehaald bij { $met } van { $decided ->
    [one] 1 opgelost ticket
   *[other] de { $decided } opgeloste tickets
} met een SLA; { $without } zonder SLA niet meegeteld
dashboard-reopen-detail = { $reopened } van { $resolved ->
    [one] 1 opgelost ticket
   *[other] de { $resolved } opgeloste tickets
} { $reopened ->
    [one] was
   *[other] waren
} heropend

## Klanttevredenheid (de antwoorden op de tevredenheidsenquête)
dashboard-csat = Klanttevredenheid (CSAT)
dashboard-csat-how = CSAT is het aandeel enquêteantwoorden met een 4 of 5 van de 5, geteld naar wanneer de aanvrager antwoordde.
dashboard-csat-team = CSAT per team
dashboard-csat-agent = CSAT per behandelaar
dashboard-csat-category = CSAT per categorie
dashboard-csat-month = CSAT per maand
dashboard-csat-satisfied = Een 4 of 5
dashboard-csat-short = CSAT
dashboard-answers = Antwoorden
dashboard-answers-count = { $count ->
    [one] 1 antwoord
   *[other] { $count } antwoorden
}
dashboard-mean-rating = Gemiddelde score
dashboard-category = Categorie
dashboard-month-heading = Maand
dashboard-unassigned = Niet toegewezen
dashboard-no-category = Geen categorie
dashboard-csat-detail = { $satisfied } van { $answers ->
    [one] 1 antwoord
   *[other] de { $answers } antwoorden
} met een 4 of 5; gemiddelde score { $mean }
dashboard-month = { $month ->
    [1] jan
    [2] feb
    [3] mrt
    [4] apr
    [5] mei
    [6] jun
    [7] jul
    [8] aug
    [9] sep
    [10] okt
    [11] nov
   *[12] dec
} { $year }

## Zelfbediening: de kennisbank, de aanvragen uit de catalogus en hun goedkeuringen
dashboard-self-service = Zelfbediening
dashboard-self-service-how = Geteld in de periode: weergaven van artikelen en antwoorden op "Was dit nuttig?" van de getelde mensen, over de artikelen die u mag lezen; aanvragen uit de catalogus en goedkeuringen naar de organisatie van de aanvrager. De filters op team en soort gelden alleen voor tickets.
dashboard-deflections-count = { $count ->
    [one] 1 ticket voorkomen
   *[other] { $count } tickets voorkomen
}
dashboard-views-count = { $count ->
    [one] 1 weergave van een artikel
   *[other] { $count } weergaven van artikelen
}
dashboard-helpful-share = Artikelen nuttig gevonden
dashboard-helpful-detail = { $helpful } van { $answers ->
    [one] 1 antwoord
   *[other] de { $answers } antwoorden
} vond het artikel nuttig
dashboard-deflection-how = Een voorkomen ticket is een artikel dat iemand opende vanuit de suggesties bij een nieuw ticket, waarna die binnen 30 minuten geen ticket aanmaakte.
dashboard-top-articles = Meest gelezen artikelen
dashboard-requests-item = Aanvragen per artikel uit de catalogus
dashboard-approval-steps = Goedkeuringstijd per stap
dashboard-fulfilment = Levertijd per artikel uit de catalogus
dashboard-article = Artikel
dashboard-views = Weergaven
dashboard-deflections = Tickets voorkomen
dashboard-helpful = Nuttig
dashboard-not-helpful = Niet nuttig
dashboard-item = Catalogusartikel
dashboard-ordered = Besteld
dashboard-approved = Goedgekeurd
dashboard-rejected = Afgewezen
dashboard-delivered = Geleverd
dashboard-step = Stap
dashboard-decisions = Besluiten
dashboard-chain-step = { $chain }: { $position }. { $step }

## Wat de grafieken zelf schrijven (Words in ui/charts.rs)
chart-no-data = Geen gegevens.
chart-no-share = geen gegevens
chart-open-list = lijst openen
chart-minutes = min
chart-hours = u
chart-days = d
chart-decimal = { "," }
