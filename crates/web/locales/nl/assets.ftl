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
