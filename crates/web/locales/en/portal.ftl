# The employees' portal (self_service).
nav-portal = Help
portal-title = How can we help?
portal-search = Search articles, the catalog and your tickets
portal-search-placeholder = Type a question, a device or a ticket number
portal-find = Search
portal-results = Results for “{ $query }”
portal-no-results = Nothing matches these words. Try other words, order from the catalog, or file a ticket.
portal-kind-item = Order
portal-kind-article = Article
portal-kind-ticket = Ticket
portal-browse-catalog = Browse the catalog
portal-file = File a ticket
portal-requests = My requests and tickets
portal-requests-none = Nothing is open. What you order or file shows here with its status and when to expect it.
portal-what = What
portal-all-requests = All my requests
portal-all-tickets = All my tickets
portal-approvals = Waiting for my approval
portal-approval-for = for { $name }
portal-catalog = Order something
portal-items = { $count ->
    [one] one item
   *[other] { $count } items
}
portal-popular = Most read articles
portal-all-articles = All articles
portal-devices = My devices
portal-devices-none = No device is assigned to you.
