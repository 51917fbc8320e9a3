# The assets module's pages: the list, an asset, its form, one's own devices, the catalogue.

assets-title = Assets
assets-add = Add asset
assets-filter = Filter assets
assets-search = Search
assets-search-hint = tag, serial number or name
assets-any-state = Any state
assets-any-type = Any type
assets-apply = Show
assets-none = No assets match. Add one, or widen the filters.
assets-next-page = Next page

asset-tag = Tag
asset-tag-hint = the label on the device, e.g. LAP-00042
asset-tag-pattern-hint = leave empty to number it from its type's pattern
asset-name = Name
asset-type = Type
asset-model = Model
asset-serial = Serial number
asset-state = State
asset-holder = Held by
asset-location = Location
asset-organisation = Organisation
asset-department = Department
asset-cost-centre = Cost centre
asset-details = Details
asset-type-fields = { $type } fields
asset-notes = Notes
asset-purchase = Purchase and value
asset-purchased-on = Purchased on
asset-cost = Cost
asset-currency = Currency
asset-currency-hint = three letters, e.g. EUR
asset-amount-hint = e.g. 1299.50
asset-residual = Residual value
asset-book-value = Book value today
asset-depreciation = Useful life
asset-depreciation-hint = months of straight-line depreciation
asset-months = { $count ->
    [one] { $count } month
   *[other] { $count } months
}
asset-supplier = Supplier
asset-order-number = Order number
asset-warranty-end = Warranty ends
asset-end-of-life = End of life
asset-next-audit = Next audit
asset-checked-out-at = Checked out
asset-expected-return = Expected back
asset-accepted = Received
asset-not-accepted = not confirmed yet
asset-accept = Confirm I received { $tag }
asset-ci-link = Configuration item and impact
asset-edit = Edit
asset-edit-title = Edit { $tag }
asset-new-title = New asset
asset-choose-type = Change type
asset-no-model = No model
asset-no-location = No location
asset-save = Save
asset-cancel = Cancel
asset-check-out = Check out
asset-check-out-person = To a person
asset-check-out-location = To a location
asset-check-out-asset = To another asset
asset-email-hint = their e-mail address
asset-check-in = Check in
asset-move-to = Move to
asset-move = Move
asset-dispose-confirm = A disposed asset cannot come back. Go on?
asset-changed-since = Someone changed this asset since you opened it. Look at it again and repeat your change.

asset-added = { $tag } added: { $name }
asset-saved = { $tag } saved
asset-checked-out = { $tag } checked out to { $holder }
asset-checked-in = { $tag } checked in
asset-moved = { $tag } is now { $state }
asset-received = { $tag } received: thank you
asset-type-saved = Asset type { $name } added
asset-model-saved = Model { $name } added
location-saved = Location { $name } added

asset-state-ordered = Ordered
asset-state-in-stock = In stock
asset-state-deployed = Deployed
asset-state-in-repair = In repair
asset-state-retired = Retired
asset-state-disposed = Disposed

asset-holder-person = Person
asset-holder-location = Location
asset-holder-asset = Attached to

asset-history-title = History
asset-history-when = When
asset-history-who = Who
asset-history-what = What
asset-history-from = From
asset-history-to = To
asset-history-created = Added
asset-history-name = Name
asset-history-tag = Tag
asset-history-state = State
asset-history-model = Model
asset-history-serial = Serial number
asset-history-location = Location
asset-history-department = Department
asset-history-cost-centre = Cost centre
asset-history-supplier = Supplier
asset-history-order-number = Order number
asset-history-purchased-on = Purchased on
asset-history-warranty-end = Warranty ends
asset-history-end-of-life = End of life
asset-history-next-audit-on = Next audit
asset-history-cost = Cost
asset-history-residual-value = Residual value
asset-history-depreciation-months = Useful life (months)
asset-history-notes = Notes
asset-history-checked-out-to = Checked out to
asset-history-checked-in-from = Checked in from
asset-history-expected-return = Expected back
asset-history-accepted-by = Received by

my-assets-title = My devices
my-assets-none = No device is checked out to you.

catalog-title = Asset catalogue
catalog-types = Asset types
catalog-tag-pattern = Tag pattern
catalog-tag-pattern-hint = a run of # is the number, e.g. LAP-#####
catalog-typed-tags = tags are typed
catalog-fields = Fields
catalog-fields-hint = one a line: key | label | kind (text, number, date or yes_no)
catalog-new-type = New asset type
catalog-add-type = Add type
catalog-models = Models
catalog-no-models = No models yet: add the products you buy.
catalog-manufacturer = Manufacturer
catalog-add-model = Add model
catalog-locations = Locations
catalog-no-locations = No locations yet: add a site, then its buildings and rooms.
catalog-location-kind = Kind
catalog-inside = Inside
catalog-add-location = Add location
location-no-parent = Nothing (a site)
location-kind-site = Site
location-kind-building = Building
location-kind-room = Room
asset-field-kind-text = text
asset-field-kind-number = number
asset-field-kind-date = date
asset-field-kind-yes-no = yes or no

# The CMDB: configuration items, their relationships, a business service's users, impact.
cis-title = Configuration items
cis-add = Add item
cis-filter = Filter configuration items
cis-search-hint = words of the name
cis-any-class = Any class
cis-none = No configuration items match. Add one, or widen the filters.
ci-name = Name
ci-class = Class
ci-class-hardware = Hardware
ci-class-software-instance = Software instance
ci-class-business-service = Business service
ci-class-application = Application
ci-class-database = Database
ci-class-network-component = Network component
ci-class-other = Other
ci-source-type = Type in the source
ci-criticality = Criticality
ci-criticality-hint = for a business service
ci-criticality-low = Low
ci-criticality-medium = Medium
ci-criticality-high = High
ci-criticality-critical = Critical
ci-no-criticality = None
ci-asset = Asset
ci-asset-hint = the tag of the asset it stands for, if any
ci-owner = Owner
ci-description = Description
ci-external-ref = Imported as
ci-updated = Last changed
ci-edit = Edit
ci-new-title = New configuration item
ci-edit-title = Edit { $name }
ci-added = { $name } added.
ci-saved = { $name } saved.
ci-changed-since = Someone changed this item since you opened it. Look at it again and repeat your change.
ci-impact-title = Impact
ci-impact-summary = If this item fails: { $items ->
    [0] nothing depends on it
    [one] one item depends on it
   *[other] { $items } items depend on it
  }, { $services ->
    [0] no business service
    [one] one business service
   *[other] { $services } business services
  }, { $departments ->
    [one] one department
   *[other] { $departments } departments
  } and { $people ->
    [one] one person
   *[other] { $people } people
  } affected.
ci-graph-caption = The failing item on the left; each column depends on the one before it. Choose an item to open it.
ci-graph-left-out = { $count ->
    [one] One more item is not drawn; the list below names it.
   *[other] { $count } more items are not drawn; the list below names them.
  }
ci-impact-services = Business services affected
ci-impact-parties = Who uses them
ci-impact-all = { $count ->
    [one] The one affected item
   *[other] All { $count } affected items
  }
ci-impact-api = The list shows the nearest 500; { $path } gives them all.
ci-depth = Steps away
ci-department = department
ci-relations-title = Relationships
ci-needs = What it needs
ci-needs-none = It depends on nothing recorded.
ci-needed-by = What needs it
ci-needed-by-none = Nothing recorded depends on it.
ci-relation-runs-on = runs on
ci-relation-depends-on = depends on
ci-relation-connected-to = is connected to
ci-relation-hosted-in = is hosted in
ci-relation-used-by = is used by
ci-relation-kind = Relationship
ci-relation-target = Other item
ci-relation-target-hint = its name, or its number as #123
ci-relate = Relate
ci-related = { $source } { $kind } { $target }: recorded.
ci-relation-removed = Relationship removed.
ci-relation-remove-confirm = Remove this relationship?
ci-remove = Remove
ci-consumers-title = Used by
ci-consumers-none = Nobody is recorded as using this service.
ci-consumer-add-department = A department
ci-consumer-add-person = A person
ci-consumer-add = Add
ci-choose-department = Choose a department
ci-consumer-added = { $name } now uses this service.
ci-consumer-removed = Removed from the service's users.
ci-history-created = Added
ci-history-name = Name
ci-history-class = Class
ci-history-asset = Asset
ci-history-criticality = Criticality
ci-history-owner = Owner
ci-history-description = Description
ci-history-relation = Relationship
ci-history-used-by = Used by

# Software: the catalogue, a product, the naming rules, an asset's software.
nav-software = Software
software-title = Software
software-filter = Search the software
software-search-hint = words of the product or publisher
software-none = No software matches. Agents' inventories and software recorded on assets fill the catalogue.
software-product = Product
software-publisher = Publisher
software-no-publisher = Publisher unknown
software-devices = Devices
software-installations = Installations
software-on-devices = { $count ->
    [0] installed on no device you see
    [one] installed on one device
   *[other] installed on { $count } devices
  }
software-installation-count = { $count ->
    [0] no installations
    [one] one installation
   *[other] { $count } installations
  }
software-installed-on = Installed on
software-installed-none = It is not installed on any device you see.
software-device = Device
software-version = Version
software-no-version = no version reported
software-source = Source
software-source-agent = Agent
software-source-manual = Typed in
software-source-import = Imported
software-seen = Last seen
software-first-page = First page
software-versions = Versions
software-versions-none = No installations you see.
software-spellings = Spellings
software-spellings-hint = The names devices report that count as this product. Naming rules decide what cleaning cannot.
software-spellings-none = No spellings recorded.
software-remove = Remove
software-actions = Actions
software-rules-title = Naming rules
software-rules-intro = Devices spell one product many ways. Names are cleaned of versions, languages and architectures; a rule names the product where cleaning cannot, e.g. a French edition. Rules are tried in order and the first that matches wins.
software-rules-list = Rules
software-rules-none = No naming rules: every product is named by cleaning what devices report.
software-rule-position = Order
software-rule-pattern = Pattern
software-rule-pattern-hint = a regular expression of the reported name, case ignored, e.g. ^Microsoft Office Professionnel Plus 2019
software-rule-publisher-hint = optional; empty keeps the reported publisher
software-rule-product-hint = the product the matching names count as
software-rule-reported-publisher = as reported
software-rule-new = New naming rule
software-rule-add = Add rule
software-rule-added = Rule added: names matching it count as { $product }. { $count ->
    [0] No spelling was renamed.
    [one] One spelling was renamed.
   *[other] { $count } spellings were renamed.
  }
software-rule-removed = Rule removed. { $count ->
    [0] No spelling was renamed.
    [one] One spelling was renamed.
   *[other] { $count } spellings were renamed.
  }
software-rule-remove-confirm = Remove this rule? The names it matched are named again without it.
software-rule-remove-label = Remove the rule { $pattern }

asset-software-title = Software
asset-software-none = No software recorded. An agent's inventory lists it, or record it below.
asset-software-reported = Reported as
asset-software-add-title = Record software
asset-software-name = Name
asset-software-name-hint = as it is called on the device
asset-software-optional = optional
asset-software-add = Record
asset-software-added = { $name } recorded, counted as { $product }.
asset-software-removed = { $name } removed.
asset-software-remove-confirm = Remove this software from the device?
asset-software-remove-agent-confirm = An agent reported this software: its next inventory records it again if it is still installed. Remove it?
asset-software-remove-label = Remove { $name }
asset-software-count = { $count ->
    [one] One program is recorded on this device.
   *[other] { $count } programs are recorded on this device.
  }
asset-software-find = Find software
asset-software-find-hint = words of its name or publisher
asset-software-none-match = No software on this device matches these words.
asset-software-shown = The first { $shown } of { $count } are listed: narrow them down with a search.
asset-history-software = Software
asset-history-discovered = Discovered by

# Discovery: enrolment tokens and a device's last inventory.
admin-agents = Discovery agents
admin-agents-note = enrolment tokens for inventory agents
agents-title = Discovery agents
agents-intro = Inventory agents (FusionInventory, or Helmdesk's own agent) report devices with an enrolment token: devices they report are added to or matched with the token's organisation's assets, with their hardware and software.
agents-list = Enrolment tokens
agents-none = No enrolment tokens yet: make one below and give it to the agents.
agents-name = Name
agents-name-hint = what the token is for, e.g. Amsterdam office laptops
agents-organisation-hint = devices reported with it belong here
agents-created = Created
agents-last-used = Last report
agents-never = never
agents-devices = Devices
agents-state = State
agents-revoked = revoked
agents-revoke = Revoke
agents-revoke-label = Revoke { $name }
agents-revoke-confirm = Revoke this token? Agents using it can no longer report; their devices stay.
agents-revoked-flash = Token { $name } revoked: its agents can no longer report.
agents-new = New enrolment token
agents-create = Make token
agents-issued-title = Token { $name } made
agents-issued-once = Copy the token now: it is shown this once and cannot be read again.
agents-fusion-title = FusionInventory agent
agents-fusion-config = In the agent's configuration file (agent.cfg):
agents-fusion-command = Or run an inventory now:
agents-helmdesk-title = Helmdesk agent
agents-helmdesk-command = Run:
inventory-title = Inventory
inventory-agent = Agent
inventory-agent-fusioninventory = FusionInventory
inventory-agent-helmdesk-agent = Helmdesk agent
inventory-reported-at = Last report
inventory-reports = Reports
inventory-report-count = { $count ->
    [one] one report
   *[other] { $count } reports
  }
inventory-since = since
inventory-os = Operating system
inventory-kernel = Kernel
inventory-cpu = Processor
inventory-cores = { $count ->
    [one] one core
   *[other] { $count } cores
  }
inventory-memory = Memory
inventory-hardware = Make and model
inventory-hostname = Host name
inventory-bios = BIOS
inventory-last-user = Last user
inventory-disks = Disks
inventory-disk-name = Disk
inventory-size = Size
inventory-volumes = Volumes
inventory-mount = Mounted at
inventory-filesystem = File system
inventory-free = Free
inventory-networks = Network interfaces
inventory-interface = Interface
inventory-mac = Hardware address
inventory-ipv4 = IPv4 address
inventory-gb = { $size } GB
inventory-mb = { $size } MB

# Licences: the compliance overview, a licence with the devices behind its figure, its form.
nav-licences = Licences
licences-title = Licences
licences-add = Add licence
licences-at-risk = At risk
licences-at-risk-hint = Use beyond the licensed seats at their seat price: what the next true-up costs.
licences-wasted = Wasted
licences-wasted-hint = Seats paid for that nobody uses, at their seat price.
licences-compliance = Compliance
licences-compliance-none = No licensed products yet. Add a licence to set a product's seats against its use.
licences-entitled = Licensed
licences-used = In use
licences-gap = Shortfall or unused
licences-standing = Standing
licences-use-chart = Use against seats
licences-counted-at = Counted
licences-not-counted = Not counted yet: use is counted shortly after inventories arrive.
licences-site = Site licence
licences-short = { $count } short
licences-unused-seats = { $count } unused
licences-bar = { $used } in use of { $entitled } licensed
licences-bar-site = { $used } in use, covered by a site licence
licences-legend-entitled = Licensed seats
licences-legend-used = In use
licences-legend-short = In use beyond the seats
licences-seat-price = Price of a seat
licences-list = All licences
licences-none = No licences recorded. Add one here or from a product's page.
licence-name = Name
licence-name-hint = e.g. Office 2019 volume licence
licence-metric = Metric
licence-metric-hint = what one seat counts
licence-metric-per-device = Per device
licence-metric-per-seat = Per installation
licence-metric-per-user = Per user
licence-metric-site = Site
licence-term = Term
licence-term-hint = a subscription ends on its renewal date
licence-term-perpetual = Perpetual
licence-term-subscription = Subscription
licence-standing-compliant = Compliant
licence-standing-under-licensed = Under-licensed
licence-standing-over-licensed = Over-licensed
licence-seats = Seats
licence-seats-hint = empty for a site licence
licence-ends-on = Ends on
licence-ends-on-hint = a subscription's renewal date, or when a perpetual licence's maintenance ends
licence-ended = ended
licence-maintenance-ended = maintenance ended
licence-contract = Contract
licence-contract-hint = the contract behind it, e.g. its number
licence-edit = Edit
licence-delete = Delete
licence-delete-confirm = Delete this licence? Its product is counted again without it.
licence-deleted = Licence { $name } deleted
licence-added = Licence { $name } added for { $product }
licence-saved = Licence { $name } saved
licence-changed-since = Someone changed this licence since you opened it. Look at it again and repeat your change.
licence-product-standing = The product's standing
licence-product-standing-of = { $metric }: every licence of the product counted together
licence-counted-together = { $count ->
    [one] Counted on its own.
   *[other] Counted together with the product's other licences: { $count } in all.
}
licence-devices = Devices behind the figure
licence-devices-hint = The devices of the licence's organisation and its subsidiaries where the product is installed.
licence-devices-none = The product is not installed on any device you see.
licence-edit-title = Edit { $name }
licence-new-title = New licence
licence-what = Licence
licence-other-product = Choose another product
licence-product-hint = from the catalogue, or a new product's name
licence-publisher-hint = only for a product new to the catalogue
licence-organisation-hint = it covers this organisation and its subsidiaries
licence-entitlement = Entitlement
licence-purchase = Purchase
licence-cost-hint = what it cost in all, e.g. 1299.50
software-licences-none = No licences for this product yet.
software-licence-seats = { $count ->
    [one] { $count } seat
   *[other] { $count } seats
}
software-licences-compliance = Compliance of every licence

## Labels
labels-title = Labels
labels-back = Back
labels-print = Print
labels-print-list = Print labels
labels-hint = Printed on A4, three labels across and eight down (70 × 37 mm). Each QR code opens the asset's page.
labels-none = No asset matches: there is no label to print.
labels-next = Next labels
label-qr-alt = QR code of the page of { $tag }
asset-print-label = Print label
asset-confirm-found = Confirm found ({ $audit })
asset-last-audited = Last audited
asset-history-audited = Audited

## Audits
assets-audit-overdue = Audit overdue
catalog-audit-interval = Audit every
catalog-audit-interval-hint = days; empty: every 365 days
catalog-audit-default = the default
catalog-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
audits-title = Audits
audits-overdue-link = Assets overdue an audit
audits-intro = An audit round checks that the assets of a place or an organisation are there: start one, then scan or type each asset's tag, serial number or label. Closing it gives the report of what was found, found elsewhere and not found.
audits-start = Start a round
audits-organisation = Organisation
audits-location = Location
audits-location-hint = and the places in it
audits-whole-organisation = The whole organisation
audits-name = Name
audits-name-hint = empty: the place and today's date
audits-start-button = Start the round
audits-none = No audit round yet. Start one to check that assets are where their records say.
audits-state = State
audits-where = Where
audits-progress = Found
audits-found-of = { $found } of { $expected }
audits-started = Started
audit-state-open = Open
audit-state-closed = Closed
audit-started = Round { $name } started: { $count ->
    [one] { $count } asset expected
   *[other] { $count } assets expected
}
audit-closed = Round { $name } closed: { $missing ->
    [one] { $missing } asset not found
   *[other] { $missing } assets not found
}
audit-found = { $tag } found
audit-found-elsewhere = { $tag } found, but not expected in this round (its record says: { $location }); recorded as found elsewhere
audit-already = { $tag } was confirmed before in this round
audit-no-location = no location
audit-closed-at = Closed
audit-csv = Download the report (CSV)
audit-close = Close the round
audit-close-confirm = { $count ->
    [one] { $count } asset is not found yet. Close the round?
   *[other] { $count } assets are not found yet. Close the round?
}
audit-scan = Confirm an asset
audit-code = Tag, serial number or label
audit-code-hint = scan it or type it and press Enter
audit-confirm = Confirm found
audit-to-find = Still to find
audit-not-found = Not found
audit-found-elsewhere-h = Found elsewhere
audit-found-h = Found
audit-none-here = None.
audit-holder = Held by
audit-found-at = Found
audit-more-in-csv = { $count ->
    [one] and { $count } more, in the CSV report
   *[other] and { $count } more, in the CSV report
}

## The account page
account-devices = Your devices
account-devices-all = All your devices
# Stock: consumables and accessories, an item with its movements and holders, its form.
nav-stock = Stock
stock-title = Consumables and accessories
stock-add = Add stock item
stock-filter = Filter stock
stock-search = Search
stock-search-hint = name, category, maker or model
stock-kind = Kind
stock-kind-hint = An accessory is handed to a person and may come back; a consumable is used up.
stock-any-kind = Any kind
stock-kind-accessory = Accessory
stock-kind-consumable = Consumable
stock-low-only = Low stock only
stock-low = Low stock
stock-none = No stock items here. Add toner, paper, mice or headsets to keep count of them.
stock-name = Name
stock-name-hint = As people ask for it, e.g. "HP 305A black toner".
stock-category = Category
stock-category-hint = e.g. Toner, Cables, Headsets
stock-manufacturer = Manufacturer
stock-model-number = Model number
stock-quantity = Quantity
stock-minimum = Minimum
stock-minimum-hint = At or below this it is low, and the people who manage assets are told.
stock-held = Held by people
stock-opening = Opening stock
stock-opening-hint = How many there are now; recorded as the first receipt.
stock-levels = Stock levels
stock-unit-cost = Unit cost
stock-what = What it is
stock-new-title = New stock item
stock-edit-title = Change { $name }
stock-edit = Change
stock-in-stock = { $count } in stock
stock-record = Record a movement
stock-movement = Movement
stock-movement-receive = Receive
stock-movement-issue = Issue
stock-movement-return = Return
stock-movement-adjust = Adjust
stock-receive-quantity = How many arrived
stock-issue-quantity = How many
stock-issue-to = To
stock-return-quantity = How many came back
stock-return-from = From
stock-adjust-quantity = Change
stock-adjust-hint = -2 when there are two fewer than recorded
stock-reason = Reason
stock-holders = Who has it
stock-holders-none = Nobody holds one.
stock-person = Person
stock-since = Since
stock-movements = Movements
stock-movements-none = No movements yet.
stock-when = When
stock-change = Change
stock-left = Left
stock-detail = Person, order or reason
stock-by = By
stock-latest = Latest movements
stock-moved = { $movement } { $change }: { $name }, { $left } left
stock-added = { $name } added
stock-saved = { $name } saved
stock-changed-since = Someone changed this item (or moved its stock) since you opened it. Check and save again.
my-stock-title = Accessories you have

# The asset list's reminder filters.
assets-due = Due
assets-any-due = Anything
asset-due-return-due = Return due soon
asset-due-return-overdue = Return overdue
asset-due-warranty-ending = Warranty ending
asset-due-end-of-life = End of life near
## Exports of the lists
assets-export-csv = Download CSV
assets-export-xlsx = Download XLSX

## CSV imports (/imports)
imports-title = Import from CSV
imports-intro = Add or update assets, installed software, licences or people from a CSV file. You see what each row would do before anything is written; importing the same file again creates nothing.
imports-kind = What the file holds
imports-kind-assets = Assets
imports-kind-software = Installed software
imports-kind-licences = Licences
imports-kind-people = People
imports-file = CSV file
imports-file-hint = UTF-8 or Windows-1252, comma or semicolon, at most 10 MiB and 50,000 rows
imports-preview = Upload and preview
imports-columns = Columns
imports-required = Required
imports-template = Template
imports-template-of = Download a template for { $kind }
imports-uploaded = File uploaded: check the preview, then import
imports-of = Import of { $name }
imports-is-preview = Preview: nothing has been written yet
imports-is-done = Imported
imports-count-create = To create or created: { $count }
imports-count-update = To update or updated: { $count }
imports-count-unchanged = Unchanged: { $count }
imports-count-error = With errors, skipped: { $count }
imports-recognised = Columns recognised:
imports-ignored = Columns ignored:
imports-confirm = Import the rows without errors
imports-cancel = Cancel
imports-another = Import another file
imports-rows = Rows
imports-line = Line
imports-outcome = Outcome
imports-errors = Errors
imports-action-create = Create
imports-action-update = Update
imports-action-unchanged = Unchanged
imports-action-error = Error
imports-more-rows = { $count } more rows without errors are not shown.
imports-done = Import done: { $created } created, { $updated } updated, { $unchanged } unchanged, { $failed } skipped with errors
# The seats people hold of a per-seat or per-user licence.
licence-seat-holders = People holding a seat
licence-seats-taken = { $taken } of { $seats } taken
licence-seat-hint = A seat is reserved when a catalog request for it is approved, and assigned when it is handed over; give one by hand here.
licence-seats-none = Nobody holds a seat yet.
licence-seat-holder = Person
licence-seat-state = State
licence-seat-state-reserved = Reserved
licence-seat-state-assigned = Assigned
licence-seat-request = the request
licence-seat-since = Since
licence-seat-release = Take back
licence-seat-release-confirm = Take { $name }'s seat back?
licence-seat-give-to = Give a seat to (e-mail address)
licence-seat-give = Give a seat
licence-seat-given = Seat given to { $name }
licence-seat-released = Seat taken back from { $name }
