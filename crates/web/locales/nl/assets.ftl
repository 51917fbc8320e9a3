# De pagina's van de module bedrijfsmiddelen: de lijst, een middel, het formulier, je eigen apparaten, de catalogus.

assets-title = Bedrijfsmiddelen
assets-add = Middel toevoegen
assets-filter = Middelen filteren
assets-search = Zoeken
assets-search-hint = label, serienummer of naam
assets-any-state = Elke status
assets-any-type = Elk type
assets-apply = Tonen
assets-none = Geen middelen gevonden. Voeg er een toe, of verruim de filters.
assets-next-page = Volgende pagina

asset-tag = Label
asset-tag-hint = het label op het apparaat, bijv. LAP-00042
asset-tag-pattern-hint = laat leeg om te nummeren volgens het patroon van het type
asset-name = Naam
asset-type = Type
asset-model = Model
asset-serial = Serienummer
asset-state = Status
asset-holder = In handen van
asset-location = Locatie
asset-organisation = Organisatie
asset-department = Afdeling
asset-cost-centre = Kostenplaats
asset-details = Gegevens
asset-type-fields = Velden van { $type }
asset-notes = Notities
asset-purchase = Aanschaf en waarde
asset-purchased-on = Gekocht op
asset-cost = Kosten
asset-currency = Valuta
asset-currency-hint = drie letters, bijv. EUR
asset-amount-hint = bijv. 1299.50
asset-residual = Restwaarde
asset-book-value = Boekwaarde vandaag
asset-depreciation = Levensduur
asset-depreciation-hint = maanden lineaire afschrijving
asset-months = { $count ->
    [one] { $count } maand
   *[other] { $count } maanden
}
asset-supplier = Leverancier
asset-order-number = Ordernummer
asset-warranty-end = Garantie tot
asset-end-of-life = Einde levensduur
asset-next-audit = Volgende controle
asset-checked-out-at = Uitgegeven
asset-expected-return = Terug verwacht
asset-accepted = Ontvangen
asset-not-accepted = nog niet bevestigd
asset-accept = Bevestig dat ik { $tag } heb ontvangen
asset-ci-link = Configuratie-item en impact
asset-edit = Bewerken
asset-edit-title = { $tag } bewerken
asset-new-title = Nieuw middel
asset-choose-type = Ander type
asset-no-model = Geen model
asset-no-location = Geen locatie
asset-save = Opslaan
asset-cancel = Annuleren
asset-check-out = Uitgeven
asset-check-out-person = Aan een persoon
asset-check-out-location = Aan een locatie
asset-check-out-asset = Aan een ander middel
asset-email-hint = het e-mailadres
asset-check-in = Innemen
asset-move-to = Verplaatsen naar
asset-move = Verplaatsen
asset-dispose-confirm = Een afgevoerd middel kan niet terugkomen. Doorgaan?
asset-changed-since = Iemand heeft dit middel gewijzigd sinds je het opende. Bekijk het opnieuw en herhaal je wijziging.

asset-added = { $tag } toegevoegd: { $name }
asset-saved = { $tag } opgeslagen
asset-checked-out = { $tag } uitgegeven aan { $holder }
asset-checked-in = { $tag } ingenomen
asset-moved = { $tag } is nu { $state }
asset-received = { $tag } ontvangen: dank je
asset-type-saved = Type { $name } toegevoegd
asset-model-saved = Model { $name } toegevoegd
location-saved = Locatie { $name } toegevoegd

asset-state-ordered = Besteld
asset-state-in-stock = Op voorraad
asset-state-deployed = In gebruik
asset-state-in-repair = In reparatie
asset-state-retired = Buiten gebruik
asset-state-disposed = Afgevoerd

asset-holder-person = Persoon
asset-holder-location = Locatie
asset-holder-asset = Gekoppeld aan

asset-history-title = Geschiedenis
asset-history-when = Wanneer
asset-history-who = Wie
asset-history-what = Wat
asset-history-from = Van
asset-history-to = Naar
asset-history-created = Toegevoegd
asset-history-name = Naam
asset-history-tag = Label
asset-history-state = Status
asset-history-model = Model
asset-history-serial = Serienummer
asset-history-location = Locatie
asset-history-department = Afdeling
asset-history-cost-centre = Kostenplaats
asset-history-supplier = Leverancier
asset-history-order-number = Ordernummer
asset-history-purchased-on = Gekocht op
asset-history-warranty-end = Garantie tot
asset-history-end-of-life = Einde levensduur
asset-history-next-audit-on = Volgende controle
asset-history-cost = Kosten
asset-history-residual-value = Restwaarde
asset-history-depreciation-months = Levensduur (maanden)
asset-history-notes = Notities
asset-history-checked-out-to = Uitgegeven aan
asset-history-checked-in-from = Ingenomen van
asset-history-expected-return = Terug verwacht
asset-history-accepted-by = Ontvangen door

my-assets-title = Mijn apparaten
my-assets-none = Er is geen apparaat aan je uitgegeven.

catalog-title = Catalogus van middelen
catalog-types = Typen middelen
catalog-tag-pattern = Labelpatroon
catalog-tag-pattern-hint = een reeks # is het nummer, bijv. LAP-#####
catalog-typed-tags = labels worden getypt
catalog-fields = Velden
catalog-fields-hint = één per regel: sleutel | label | soort (text, number, date of yes_no)
catalog-new-type = Nieuw type
catalog-add-type = Type toevoegen
catalog-models = Modellen
catalog-no-models = Nog geen modellen: voeg de producten toe die je koopt.
catalog-manufacturer = Fabrikant
catalog-add-model = Model toevoegen
catalog-locations = Locaties
catalog-no-locations = Nog geen locaties: voeg een vestiging toe, dan haar gebouwen en ruimtes.
catalog-location-kind = Soort
catalog-inside = Binnen
catalog-add-location = Locatie toevoegen
location-no-parent = Niets (een vestiging)
location-kind-site = Vestiging
location-kind-building = Gebouw
location-kind-room = Ruimte
asset-field-kind-text = tekst
asset-field-kind-number = getal
asset-field-kind-date = datum
asset-field-kind-yes-no = ja of nee

# De CMDB: configuratie-items, hun relaties, de gebruikers van een bedrijfsdienst, impact.
cis-title = Configuratie-items
cis-add = Item toevoegen
cis-filter = Configuratie-items filteren
cis-search-hint = woorden uit de naam
cis-any-class = Elke klasse
cis-none = Geen configuratie-items gevonden. Voeg er een toe of verruim de filters.
ci-name = Naam
ci-class = Klasse
ci-class-hardware = Hardware
ci-class-software-instance = Software-installatie
ci-class-business-service = Bedrijfsdienst
ci-class-application = Applicatie
ci-class-database = Database
ci-class-network-component = Netwerkcomponent
ci-class-other = Overig
ci-source-type = Type in de bron
ci-criticality = Belang
ci-criticality-hint = voor een bedrijfsdienst
ci-criticality-low = Laag
ci-criticality-medium = Gemiddeld
ci-criticality-high = Hoog
ci-criticality-critical = Kritiek
ci-no-criticality = Geen
ci-asset = Middel
ci-asset-hint = het label van het middel waar het voor staat, als dat er is
ci-owner = Eigenaar
ci-description = Beschrijving
ci-external-ref = Geïmporteerd als
ci-updated = Laatst gewijzigd
ci-edit = Bewerken
ci-new-title = Nieuw configuratie-item
ci-edit-title = { $name } bewerken
ci-added = { $name } toegevoegd.
ci-saved = { $name } opgeslagen.
ci-changed-since = Iemand heeft dit item gewijzigd sinds u het opende. Bekijk het opnieuw en herhaal uw wijziging.
ci-impact-title = Impact
ci-impact-summary = Als dit item uitvalt: { $items ->
    [0] niets hangt ervan af
    [one] één item hangt ervan af
   *[other] { $items } items hangen ervan af
  }, { $services ->
    [0] geen bedrijfsdienst
    [one] één bedrijfsdienst
   *[other] { $services } bedrijfsdiensten
  }, { $departments ->
    [one] één afdeling
   *[other] { $departments } afdelingen
  } en { $people ->
    [one] één persoon
   *[other] { $people } personen
  } geraakt.
ci-graph-caption = Het uitvallende item staat links; elke kolom hangt af van de kolom ervoor. Kies een item om het te openen.
ci-graph-left-out = { $count ->
    [one] Nog één item is niet getekend; de lijst hieronder noemt het.
   *[other] Nog { $count } items zijn niet getekend; de lijst hieronder noemt ze.
  }
ci-impact-services = Geraakte bedrijfsdiensten
ci-impact-parties = Wie ze gebruikt
ci-impact-all = { $count ->
    [one] Het ene geraakte item
   *[other] Alle { $count } geraakte items
  }
ci-impact-api = De lijst toont de dichtstbijzijnde 500; { $path } geeft ze allemaal.
ci-depth = Stappen ver
ci-department = afdeling
ci-relations-title = Relaties
ci-needs = Wat het nodig heeft
ci-needs-none = Het hangt nergens van af, voor zover vastgelegd.
ci-needed-by = Wat ervan afhangt
ci-needed-by-none = Niets vastgelegds hangt ervan af.
ci-relation-runs-on = draait op
ci-relation-depends-on = hangt af van
ci-relation-connected-to = is verbonden met
ci-relation-hosted-in = is ondergebracht in
ci-relation-used-by = wordt gebruikt door
ci-relation-kind = Relatie
ci-relation-target = Ander item
ci-relation-target-hint = de naam, of het nummer als #123
ci-relate = Relateren
ci-related = { $source } { $kind } { $target }: vastgelegd.
ci-relation-removed = Relatie verwijderd.
ci-relation-remove-confirm = Deze relatie verwijderen?
ci-remove = Verwijderen
ci-consumers-title = Gebruikt door
ci-consumers-none = Niemand staat geregistreerd als gebruiker van deze dienst.
ci-consumer-add-department = Een afdeling
ci-consumer-add-person = Een persoon
ci-consumer-add = Toevoegen
ci-choose-department = Kies een afdeling
ci-consumer-added = { $name } gebruikt nu deze dienst.
ci-consumer-removed = Verwijderd uit de gebruikers van de dienst.
ci-history-created = Toegevoegd
ci-history-name = Naam
ci-history-class = Klasse
ci-history-asset = Middel
ci-history-criticality = Belang
ci-history-owner = Eigenaar
ci-history-description = Beschrijving
ci-history-relation = Relatie
ci-history-used-by = Gebruikt door

# Software: de catalogus, een product, de naamregels, de software van een middel.
nav-software = Software
software-title = Software
software-filter = Software zoeken
software-search-hint = woorden uit het product of de uitgever
software-none = Geen software gevonden. De inventarisaties van agents en software die bij middelen is vastgelegd vullen de catalogus.
software-product = Product
software-publisher = Uitgever
software-no-publisher = Uitgever onbekend
software-devices = Apparaten
software-installations = Installaties
software-on-devices = { $count ->
    [0] op geen apparaat geïnstalleerd dat u ziet
    [one] geïnstalleerd op één apparaat
   *[other] geïnstalleerd op { $count } apparaten
  }
software-installation-count = { $count ->
    [0] geen installaties
    [one] één installatie
   *[other] { $count } installaties
  }
software-installed-on = Geïnstalleerd op
software-installed-none = Het is op geen enkel apparaat geïnstalleerd dat u ziet.
software-device = Apparaat
software-version = Versie
software-no-version = geen versie gemeld
software-source = Bron
software-source-agent = Agent
software-source-manual = Ingetypt
software-source-import = Geïmporteerd
software-seen = Laatst gezien
software-first-page = Eerste pagina
software-versions = Versies
software-versions-none = Geen installaties die u ziet.
software-spellings = Schrijfwijzen
software-spellings-hint = De namen die apparaten melden en die als dit product tellen. Naamregels beslissen wat opschonen niet kan.
software-spellings-none = Geen schrijfwijzen vastgelegd.
software-remove = Verwijderen
software-actions = Acties
software-rules-title = Naamregels
software-rules-intro = Apparaten schrijven één product op veel manieren. Namen worden ontdaan van versies, talen en architecturen; een regel noemt het product waar opschonen dat niet kan, bijv. een Franse editie. Regels worden op volgorde geprobeerd en de eerste die past, wint.
software-rules-list = Regels
software-rules-none = Geen naamregels: elk product krijgt zijn naam door op te schonen wat apparaten melden.
software-rule-position = Volgorde
software-rule-pattern = Patroon
software-rule-pattern-hint = een reguliere expressie van de gemelde naam, hoofdletters tellen niet, bijv. ^Microsoft Office Professionnel Plus 2019
software-rule-publisher-hint = optioneel; leeg houdt de gemelde uitgever
software-rule-product-hint = het product waarvoor de passende namen tellen
software-rule-reported-publisher = zoals gemeld
software-rule-new = Nieuwe naamregel
software-rule-add = Regel toevoegen
software-rule-added = Regel toegevoegd: namen die erop passen tellen als { $product }. { $count ->
    [0] Geen schrijfwijze kreeg een andere naam.
    [one] Eén schrijfwijze kreeg een andere naam.
   *[other] { $count } schrijfwijzen kregen een andere naam.
  }
software-rule-removed = Regel verwijderd. { $count ->
    [0] Geen schrijfwijze kreeg een andere naam.
    [one] Eén schrijfwijze kreeg een andere naam.
   *[other] { $count } schrijfwijzen kregen een andere naam.
  }
software-rule-remove-confirm = Deze regel verwijderen? De namen die erop pasten krijgen opnieuw een naam zonder deze regel.
software-rule-remove-label = Verwijderen: de regel { $pattern }

asset-software-title = Software
asset-software-none = Geen software vastgelegd. De inventarisatie van een agent somt die op, of leg hem hieronder vast.
asset-software-reported = Gemeld als
asset-software-add-title = Software vastleggen
asset-software-name = Naam
asset-software-name-hint = zoals het op het apparaat heet
asset-software-optional = optioneel
asset-software-add = Vastleggen
asset-software-added = { $name } vastgelegd, telt als { $product }.
asset-software-removed = { $name } verwijderd.
asset-software-remove-confirm = Deze software van het apparaat verwijderen?
asset-software-remove-agent-confirm = Een agent meldde deze software: de volgende inventarisatie legt hem opnieuw vast als hij nog geïnstalleerd is. Verwijderen?
asset-software-remove-label = Verwijderen: { $name }
asset-software-count = { $count ->
    [one] Er is één programma vastgelegd op dit apparaat.
   *[other] Er zijn { $count } programma's vastgelegd op dit apparaat.
  }
asset-software-find = Software zoeken
asset-software-find-hint = woorden uit de naam of de uitgever
asset-software-none-match = Geen software op dit apparaat past bij deze woorden.
asset-software-shown = De eerste { $shown } van { $count } staan hier: verfijn ze met een zoekopdracht.
asset-history-software = Software
asset-history-discovered = Ontdekt door

# Inventarisatie: aanmeldsleutels en de laatste inventarisatie van een apparaat.
admin-agents = Inventarisatie-agents
admin-agents-note = aanmeldsleutels voor inventarisatie-agents
agents-title = Inventarisatie-agents
agents-intro = Inventarisatie-agents (FusionInventory, of de eigen agent van Helmdesk) melden apparaten met een aanmeldsleutel: de apparaten die ze melden worden toegevoegd aan of gekoppeld met de middelen van de organisatie van de sleutel, met hun hardware en software.
agents-list = Aanmeldsleutels
agents-none = Nog geen aanmeldsleutels: maak er hieronder een en geef hem aan de agents.
agents-name = Naam
agents-name-hint = waar de sleutel voor is, bijv. laptops kantoor Amsterdam
agents-organisation-hint = apparaten die ermee gemeld worden horen hierbij
agents-created = Aangemaakt
agents-last-used = Laatste melding
agents-never = nooit
agents-devices = Apparaten
agents-state = Status
agents-revoked = ingetrokken
agents-revoke = Intrekken
agents-revoke-label = Intrekken: { $name }
agents-revoke-confirm = Deze sleutel intrekken? Agents die hem gebruiken kunnen niet meer melden; hun apparaten blijven.
agents-revoked-flash = Sleutel { $name } ingetrokken: de agents ervan kunnen niet meer melden.
agents-new = Nieuwe aanmeldsleutel
agents-create = Sleutel maken
agents-issued-title = Sleutel { $name } gemaakt
agents-issued-once = Kopieer de sleutel nu: hij wordt alleen deze keer getoond en is daarna niet meer te lezen.
agents-fusion-title = FusionInventory-agent
agents-fusion-config = In het configuratiebestand van de agent (agent.cfg):
agents-fusion-command = Of voer nu een inventarisatie uit:
agents-helmdesk-title = Helmdesk-agent
agents-helmdesk-command = Voer uit:
inventory-title = Inventarisatie
inventory-agent = Agent
inventory-agent-fusioninventory = FusionInventory
inventory-agent-helmdesk-agent = Helmdesk-agent
inventory-reported-at = Laatste melding
inventory-reports = Meldingen
inventory-report-count = { $count ->
    [one] één melding
   *[other] { $count } meldingen
  }
inventory-since = sinds
inventory-os = Besturingssysteem
inventory-kernel = Kernel
inventory-cpu = Processor
inventory-cores = { $count ->
    [one] één kern
   *[other] { $count } kernen
  }
inventory-memory = Geheugen
inventory-hardware = Merk en model
inventory-hostname = Hostnaam
inventory-bios = BIOS
inventory-last-user = Laatste gebruiker
inventory-disks = Schijven
inventory-disk-name = Schijf
inventory-size = Grootte
inventory-volumes = Volumes
inventory-mount = Gekoppeld aan
inventory-filesystem = Bestandssysteem
inventory-free = Vrij
inventory-networks = Netwerkinterfaces
inventory-interface = Interface
inventory-mac = Hardwareadres
inventory-ipv4 = IPv4-adres
inventory-gb = { $size } GB
inventory-mb = { $size } MB

# Licenties: het nalevingsoverzicht, een licentie met de apparaten achter het getal, het formulier.
nav-licences = Licenties
licences-title = Licenties
licences-add = Licentie toevoegen
licences-at-risk = Risico
licences-at-risk-hint = Gebruik boven de gelicentieerde plaatsen tegen hun prijs per plaats: wat de volgende true-up kost.
licences-wasted = Verspild
licences-wasted-hint = Betaalde plaatsen die niemand gebruikt, tegen hun prijs per plaats.
licences-compliance = Naleving
licences-compliance-none = Nog geen gelicentieerde producten. Voeg een licentie toe om de plaatsen van een product tegen het gebruik te zetten.
licences-entitled = Gelicentieerd
licences-used = In gebruik
licences-gap = Tekort of ongebruikt
licences-standing = Stand
licences-use-chart = Gebruik tegen plaatsen
licences-counted-at = Geteld
licences-not-counted = Nog niet geteld: het gebruik wordt kort na binnenkomende inventarisaties geteld.
licences-site = Sitelicentie
licences-short = { $count } tekort
licences-unused-seats = { $count } ongebruikt
licences-bar = { $used } in gebruik van { $entitled } gelicentieerd
licences-bar-site = { $used } in gebruik, gedekt door een sitelicentie
licences-legend-entitled = Gelicentieerde plaatsen
licences-legend-used = In gebruik
licences-legend-short = In gebruik boven de plaatsen
licences-seat-price = Prijs per plaats
licences-list = Alle licenties
licences-none = Geen licenties vastgelegd. Voeg er een toe, hier of op de pagina van een product.
licence-name = Naam
licence-name-hint = bijv. Office 2019 volumelicentie
licence-metric = Telwijze
licence-metric-hint = wat één plaats telt
licence-metric-per-device = Per apparaat
licence-metric-per-seat = Per installatie
licence-metric-per-user = Per gebruiker
licence-metric-site = Site
licence-term = Looptijd
licence-term-hint = een abonnement eindigt op de verlengdatum
licence-term-perpetual = Eeuwigdurend
licence-term-subscription = Abonnement
licence-standing-compliant = In orde
licence-standing-under-licensed = Ondergelicentieerd
licence-standing-over-licensed = Overgelicentieerd
licence-seats = Plaatsen
licence-seats-hint = leeg voor een sitelicentie
licence-ends-on = Eindigt op
licence-ends-on-hint = de verlengdatum van een abonnement, of wanneer het onderhoud van een eeuwigdurende licentie eindigt
licence-ended = afgelopen
licence-maintenance-ended = onderhoud afgelopen
licence-contract = Contract
licence-contract-hint = het contract erachter, bijv. het nummer
licence-edit = Wijzigen
licence-delete = Verwijderen
licence-delete-confirm = Deze licentie verwijderen? Het product wordt zonder haar opnieuw geteld.
licence-deleted = Licentie { $name } verwijderd
licence-added = Licentie { $name } toegevoegd voor { $product }
licence-saved = Licentie { $name } opgeslagen
licence-changed-since = Iemand heeft deze licentie gewijzigd sinds u haar opende. Bekijk haar opnieuw en herhaal uw wijziging.
licence-product-standing = De stand van het product
licence-product-standing-of = { $metric }: alle licenties van het product samen geteld
licence-counted-together = { $count ->
    [one] Op zichzelf geteld.
   *[other] Samen geteld met de andere licenties van het product: { $count } in totaal.
}
licence-devices = Apparaten achter het getal
licence-devices-hint = De apparaten van de organisatie van de licentie en haar dochters waarop het product geïnstalleerd is.
licence-devices-none = Het product is op geen enkel apparaat geïnstalleerd dat u ziet.
licence-edit-title = { $name } wijzigen
licence-new-title = Nieuwe licentie
licence-what = Licentie
licence-other-product = Ander product kiezen
licence-product-hint = uit de catalogus, of de naam van een nieuw product
licence-publisher-hint = alleen voor een product dat nieuw is in de catalogus
licence-organisation-hint = ze dekt deze organisatie en haar dochters
licence-entitlement = Recht
licence-purchase = Aankoop
licence-cost-hint = wat ze in totaal kostte, bijv. 1299,50
software-licences-none = Nog geen licenties voor dit product.
software-licence-seats = { $count ->
    [one] { $count } plaats
   *[other] { $count } plaatsen
}
software-licences-compliance = Naleving van alle licenties

## Labels
labels-title = Labels
labels-back = Terug
labels-print = Afdrukken
labels-print-list = Labels afdrukken
labels-hint = Afgedrukt op A4, drie labels naast en acht onder elkaar (70 × 37 mm). Elke QR-code opent de pagina van het middel.
labels-none = Geen middel voldoet: er is geen label om af te drukken.
labels-next = Volgende labels
label-qr-alt = QR-code van de pagina van { $tag }
asset-print-label = Label afdrukken
asset-confirm-found = Gevonden bevestigen ({ $audit })
asset-last-audited = Laatst gecontroleerd
asset-history-audited = Gecontroleerd

## Audits
assets-audit-overdue = Controle achterstallig
catalog-audit-interval = Controle elke
catalog-audit-interval-hint = dagen; leeg: elke 365 dagen
catalog-audit-default = de standaard
catalog-days = { $count ->
    [one] { $count } dag
   *[other] { $count } dagen
}
audits-title = Controles
audits-overdue-link = Middelen met achterstallige controle
audits-intro = Een controleronde gaat na of de middelen van een plek of organisatie er zijn: start er een en scan of typ dan het label, serienummer of de QR-code van elk middel. Bij het afsluiten volgt het verslag van wat gevonden is, elders gevonden en niet gevonden.
audits-start = Ronde starten
audits-organisation = Organisatie
audits-location = Locatie
audits-location-hint = en de plekken daarin
audits-whole-organisation = De hele organisatie
audits-name = Naam
audits-name-hint = leeg: de plek en de datum van vandaag
audits-start-button = Ronde starten
audits-none = Nog geen controleronde. Start er een om na te gaan of middelen zijn waar hun gegevens zeggen.
audits-state = Stand
audits-where = Waar
audits-progress = Gevonden
audits-found-of = { $found } van { $expected }
audits-started = Gestart
audit-state-open = Open
audit-state-closed = Afgesloten
audit-started = Ronde { $name } gestart: { $count ->
    [one] { $count } middel verwacht
   *[other] { $count } middelen verwacht
}
audit-closed = Ronde { $name } afgesloten: { $missing ->
    [one] { $missing } middel niet gevonden
   *[other] { $missing } middelen niet gevonden
}
audit-found = { $tag } gevonden
audit-found-elsewhere = { $tag } gevonden, maar niet verwacht in deze ronde (volgens de gegevens: { $location }); vastgelegd als elders gevonden
audit-already = { $tag } was in deze ronde al bevestigd
audit-no-location = geen locatie
audit-closed-at = Afgesloten
audit-csv = Verslag downloaden (CSV)
audit-close = Ronde afsluiten
audit-close-confirm = { $count ->
    [one] { $count } middel is nog niet gevonden. De ronde afsluiten?
   *[other] { $count } middelen zijn nog niet gevonden. De ronde afsluiten?
}
audit-scan = Een middel bevestigen
audit-code = Label, serienummer of QR-code
audit-code-hint = scan het of typ het en druk op Enter
audit-confirm = Gevonden bevestigen
audit-to-find = Nog te vinden
audit-not-found = Niet gevonden
audit-found-elsewhere-h = Elders gevonden
audit-found-h = Gevonden
audit-none-here = Geen.
audit-holder = In handen van
audit-found-at = Gevonden
audit-more-in-csv = { $count ->
    [one] en nog { $count }, in het CSV-verslag
   *[other] en nog { $count }, in het CSV-verslag
}

## De accountpagina
account-devices = Jouw apparaten
account-devices-all = Al je apparaten
# Voorraad: verbruiksartikelen en accessoires, een artikel met zijn bewegingen en houders, het formulier.
nav-stock = Voorraad
stock-title = Verbruiksartikelen en accessoires
stock-add = Voorraadartikel toevoegen
stock-filter = Voorraad filteren
stock-search = Zoeken
stock-search-hint = naam, categorie, merk of model
stock-kind = Soort
stock-kind-hint = Een accessoire krijgt iemand mee en kan terugkomen; een verbruiksartikel raakt op.
stock-any-kind = Elke soort
stock-kind-accessory = Accessoire
stock-kind-consumable = Verbruiksartikel
stock-low-only = Alleen lage voorraad
stock-low = Lage voorraad
stock-none = Hier zijn geen voorraadartikelen. Voeg toner, papier, muizen of headsets toe om ze te tellen.
stock-name = Naam
stock-name-hint = Zoals mensen erom vragen, bijv. "HP 305A zwarte toner".
stock-category = Categorie
stock-category-hint = bijv. Toner, Kabels, Headsets
stock-manufacturer = Fabrikant
stock-model-number = Modelnummer
stock-quantity = Aantal
stock-minimum = Minimum
stock-minimum-hint = Op of onder dit aantal is de voorraad laag en horen de beheerders van middelen het.
stock-held = Bij mensen
stock-opening = Beginvoorraad
stock-opening-hint = Hoeveel er nu zijn; vastgelegd als eerste ontvangst.
stock-levels = Voorraadniveaus
stock-unit-cost = Prijs per stuk
stock-what = Wat het is
stock-new-title = Nieuw voorraadartikel
stock-edit-title = { $name } wijzigen
stock-edit = Wijzigen
stock-in-stock = { $count } op voorraad
stock-record = Beweging vastleggen
stock-movement = Beweging
stock-movement-receive = Ontvangen
stock-movement-issue = Uitgeven
stock-movement-return = Terugnemen
stock-movement-adjust = Corrigeren
stock-receive-quantity = Hoeveel kwamen er binnen
stock-issue-quantity = Hoeveel
stock-issue-to = Aan
stock-return-quantity = Hoeveel kwamen er terug
stock-return-from = Van
stock-adjust-quantity = Verschil
stock-adjust-hint = -2 als er twee minder zijn dan vastgelegd
stock-reason = Reden
stock-holders = Wie het heeft
stock-holders-none = Niemand heeft er een.
stock-person = Persoon
stock-since = Sinds
stock-movements = Bewegingen
stock-movements-none = Nog geen bewegingen.
stock-when = Wanneer
stock-change = Verschil
stock-left = Over
stock-detail = Persoon, bestelling of reden
stock-by = Door
stock-latest = Laatste bewegingen
stock-moved = { $movement } { $change }: { $name }, nog { $left }
stock-added = { $name } toegevoegd
stock-saved = { $name } opgeslagen
stock-changed-since = Iemand heeft dit artikel (of de voorraad ervan) gewijzigd sinds je het opende. Controleer het en sla opnieuw op.
my-stock-title = Accessoires die je hebt

# De herinneringsfilters van de lijst met middelen.
assets-due = Binnenkort
assets-any-due = Alles
asset-due-return-due = Binnenkort terug te brengen
asset-due-return-overdue = Te laat teruggebracht
asset-due-warranty-ending = Garantie loopt af
asset-due-end-of-life = Einde levensduur nabij
## Exports of the lists
assets-export-csv = CSV downloaden
assets-export-xlsx = XLSX downloaden

## CSV-import (/imports)
imports-title = Importeren uit CSV
imports-intro = Voeg assets, geïnstalleerde software, licenties of personen toe of werk ze bij vanuit een CSV-bestand. U ziet wat elke regel zou doen voordat er iets wordt opgeslagen; hetzelfde bestand nogmaals importeren maakt niets nieuws aan.
imports-kind = Wat het bestand bevat
imports-kind-assets = Assets
imports-kind-software = Geïnstalleerde software
imports-kind-licences = Licenties
imports-kind-people = Personen
imports-file = CSV-bestand
imports-file-hint = UTF-8 of Windows-1252, komma of puntkomma, hoogstens 10 MiB en 50.000 regels
imports-preview = Uploaden en voorbeeld bekijken
imports-columns = Kolommen
imports-required = Verplicht
imports-template = Sjabloon
imports-template-of = Sjabloon voor { $kind } downloaden
imports-uploaded = Bestand geüpload: controleer het voorbeeld en importeer dan
imports-of = Import van { $name }
imports-is-preview = Voorbeeld: er is nog niets opgeslagen
imports-is-done = Geïmporteerd
imports-count-create = Aan te maken of aangemaakt: { $count }
imports-count-update = Bij te werken of bijgewerkt: { $count }
imports-count-unchanged = Ongewijzigd: { $count }
imports-count-error = Met fouten, overgeslagen: { $count }
imports-recognised = Herkende kolommen:
imports-ignored = Genegeerde kolommen:
imports-confirm = Regels zonder fouten importeren
imports-cancel = Annuleren
imports-another = Nog een bestand importeren
imports-rows = Regels
imports-line = Regel
imports-outcome = Resultaat
imports-errors = Fouten
imports-action-create = Aanmaken
imports-action-update = Bijwerken
imports-action-unchanged = Ongewijzigd
imports-action-error = Fout
imports-more-rows = { $count } andere regels zonder fouten worden niet getoond.
imports-done = Import klaar: { $created } aangemaakt, { $updated } bijgewerkt, { $unchanged } ongewijzigd, { $failed } overgeslagen met fouten
# The seats people hold of a per-seat or per-user licence.
licence-seat-holders = Mensen met een plaats
licence-seats-taken = { $taken } van { $seats } in gebruik
licence-seat-hint = Een plaats wordt gereserveerd wanneer een catalogusaanvraag ervoor is goedgekeurd, en toegewezen wanneer die wordt overgedragen; geef er hier een met de hand.
licence-seats-none = Nog niemand heeft een plaats.
licence-seat-holder = Persoon
licence-seat-state = Status
licence-seat-state-reserved = Gereserveerd
licence-seat-state-assigned = Toegewezen
licence-seat-request = de aanvraag
licence-seat-since = Sinds
licence-seat-release = Terugnemen
licence-seat-release-confirm = De plaats van { $name } terugnemen?
licence-seat-give-to = Geef een plaats aan (e-mailadres)
licence-seat-give = Plaats geven
licence-seat-given = Plaats gegeven aan { $name }
licence-seat-released = Plaats teruggenomen van { $name }
