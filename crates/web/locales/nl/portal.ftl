# The employees' portal (self_service).
nav-portal = Hulp
portal-title = Waarmee kunnen we helpen?
portal-search = Zoek in artikelen, de catalogus en uw tickets
portal-search-placeholder = Typ een vraag, een apparaat of een ticketnummer
portal-find = Zoeken
portal-results = Resultaten voor “{ $query }”
portal-no-results = Niets past bij deze woorden. Probeer andere woorden, bestel uit de catalogus of meld een ticket.
portal-kind-item = Bestellen
portal-kind-article = Artikel
portal-kind-ticket = Ticket
portal-browse-catalog = Naar de catalogus
portal-file = Ticket melden
portal-requests = Mijn aanvragen en tickets
portal-requests-none = Er staat niets open. Wat u bestelt of meldt, staat hier met de status en wanneer u het kunt verwachten.
portal-what = Wat
portal-all-requests = Al mijn aanvragen
portal-all-tickets = Al mijn tickets
portal-approvals = Wacht op mijn goedkeuring
portal-approval-for = voor { $name }
portal-catalog = Iets bestellen
portal-items = { $count ->
    [one] één item
   *[other] { $count } items
}
portal-popular = Meest gelezen artikelen
portal-all-articles = Alle artikelen
portal-devices = Mijn apparaten
portal-devices-none = Er is geen apparaat aan u toegewezen.
