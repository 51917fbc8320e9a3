# The ticket page (templates/service_desk/ticket.html, _ticket_work.html, service_desk/ui/tickets.rs).

ticket-major = Major incident
ticket-resolution-due = Resolution due
ticket-expected = We aim to resolve it by
ticket-work = Work the ticket
ticket-save = Save
ticket-reply = Reply
ticket-add-note = Add note
ticket-assign-me = Assign to me
ticket-resolve-open = Resolve…
ticket-resolution-code = How was it resolved?
ticket-resolution-note = What was done
ticket-resolution-note-hint = kept on the ticket
ticket-resolve = Resolve ticket
ticket-merged-into = Merged into
ticket-merged-goes-on = the conversation goes on there.
ticket-description = Description
ticket-no-description = No description.
ticket-attachments = Attachments
ticket-stakeholder-updates = Stakeholder updates
ticket-no-update = No update posted yet.
ticket-new-update = New update
ticket-new-update-hint = the requester and the watchers are told
ticket-post-update = Post update
ticket-conversation = Conversation
ticket-order = Order of the conversation
ticket-oldest-first = Oldest first
ticket-newest-first = Newest first
ticket-details = Details
ticket-impact = Impact
ticket-urgency = Urgency
ticket-resolved = Resolved
ticket-resolution = Resolution
ticket-rated = Rated
ticket-reopened = Reopened
ticket-service-level = Service level
ticket-sla-policy = Policy
ticket-due = due
ticket-sla-how = How these times were computed
ticket-sla-paused = The clocks stood still
ticket-sla-json = The same as JSON
ticket-major-end = End major incident
ticket-major-declare = Declare major incident
ticket-links = Links
ticket-no-links = Not linked to anything.
ticket-remove = remove
ticket-link-kind = This ticket is
ticket-link-target = Ticket
ticket-link-target-hint = number, or a change like CHG-123
ticket-add-link = Add link
ticket-watchers = Watchers
ticket-no-watchers = Nobody is watching this ticket.
ticket-stop-watching = Stop watching
ticket-watch = Watch
ticket-add-colleague = Add a colleague
ticket-add = Add
ticket-time = Time spent
ticket-time-total = Total:
ticket-time-duration = Time
ticket-time-duration-hint = e.g. 45m or 1h 30m
ticket-record-time = Record time
ticket-merge = Merge
ticket-merge-confirm = Merge this ticket into the other one and close it? This cannot be undone.
ticket-merge-hint = comments, attachments and watchers move there; this one is closed
ticket-bytes = { $size } bytes
ticket-rating = { $rating } of 5
ticket-times = { $count ->
    [one] { $count } time
   *[other] { $count } times
}
ticket-sla-matched = matched on { $matched }.
ticket-sla-calendar = Working time is counted in the calendar { $calendar } from the moment the ticket was filed; times below are in that zone.
ticket-sla-target = { $target } of working time
ticket-earlier = { $count ->
    [one] Show 1 earlier entry
   *[other] Show { $count } earlier entries
}
ticket-remove-link = Remove the link to { $target }
ticket-stop-watcher = Stop { $name } watching

## The ticket's history, as its timeline tells it ("Priya Shah assigned the ticket to Tom")
history-nobody = nobody
history-created = created the ticket
history-reopened = reopened the ticket
history-status-set = set the status to { $value }
history-attached = attached { $value }
history-attached-file = attached a file
history-description = edited the description
history-subject = changed the subject to “{ $value }”
history-unassigned = unassigned the ticket
history-assigned = assigned the ticket to { $value }
history-team-removed = removed the team
history-team = moved the ticket to team { $value }
history-sla-policy = put the ticket under SLA policy { $value }
history-sla-policy-removed = took the ticket out of its SLA policy
history-sla-breached = noted that the { $value } SLA was breached
history-escalation = escalated: { $value }
history-routed = routed by rule “{ $value }”
history-major-declared = declared a major incident
history-major-ended = ended the major incident
history-resolution-code = set the resolution code to { $value }
history-resolution-note = wrote the resolution note
history-linked = linked the ticket: { $value }
history-unlinked = removed the link: { $value }
history-merged-into = merged the ticket into { $value }
history-merged-into-another = merged the ticket into another ticket
history-merged-from = merged { $value } into this ticket
history-merged-from-a = merged a ticket into this ticket
history-major-update = posted a stakeholder update
history-time = recorded { $value } of work
history-time-some = recorded time of work
history-changed = changed { $field } from { $old } to { $new }

## What a save of the ticket's fields changed, as its confirmation ("Assigned to Priya Shah · Status: In progress")
saved-none = none
saved-status = Status: { $value }
saved-assigned = Assigned to { $value }
saved-unassigned = Unassigned
saved-team = Team: { $value }
saved-category = Category: { $value }
saved-ci = Configuration item: { $value }
saved-priority = Priority: { $value }
saved-impact-urgency = Impact and urgency saved
saved-major-declared = Major incident declared
saved-major-ended = Major incident ended
saved-resolution-note = Resolution note saved
saved-nothing = Nothing changed

# The configuration item a ticket names, and the open tickets on an item's page.
ticket-ci = Configuration item
ticket-ci-none = This ticket names no configuration item.
ticket-ci-caused-by = Caused by
ticket-ci-services = Business services at risk
ticket-ci-set = Affected item
ticket-ci-hint = its name, or its number as #123; empty to clear
ticket-ci-save = Save item
ci-tickets-title = Open tickets
ci-tickets-none = No open ticket names this item.
ci-tickets-all = All tickets naming it
ci-tickets-more = { $count ->
    [one] Only the newest is listed here.
   *[other] Only the newest { $count } are listed here.
  }
