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
