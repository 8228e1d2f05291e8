"""Fusebill ("Stax Bill") invoice API under /fusebill/v1/: a translator over the
invoice selectors. The vendor behaviour it copies is in the docstrings of each
module; apps/api/README.md gives the file roles.

Choices where Fusebill's documentation is silent:
* Paths match case-insensitively, with or without a trailing slash; any other path
  under /fusebill/v1/ answers a Fusebill 404 (JSON, never HTML).
* Only posted invoices exist here: live invoices that left draft (void included).
  Credit memos are not invoices here; what they settle shows as `sumOfCreditNotes`
  (and not in `totalPayments` or `paymentAllocations`).
* `GET Invoices` leaves out `charges`; `GET Customers/{id}/Invoices` and
  `GET Invoices/{id}` include them (or `chargeGroups`, by item group, "Charges" for
  ungrouped items, with `groupCharges=true`). Zero-amount charges are hidden unless
  `showZeroDollarCharges=true`; `showTrackedItems=true` adds `trackedItems: []`.
* Paging: `pageSize` default 100, capped at 1000; `X-MaxPageIndex` is the last
  0-based index, max(ceil(X-Count / X-PageSize) - 1, 0); `X-NextPage` repeats the
  current page on the last page; a page past the end is `200 []`. `X-Count` is
  after the query filter, `X-MaxCount` before it. Default sort: `id` Ascending.
* Strings match in full and case-insensitively (`*` wildcard); decimal ranges
  include both ends, date ranges exclude the upper one; comma sets only on `id`,
  `customerId`, `invoiceNumber` and enum names. Names Remit stores no data for
  (QuickBooks, Salesforce, NetSuite ids, MRR) are accepted as constants.
* `terms`: `NetN` when the days from invoice date to due date are one of Fusebill's
  values, else `DayOfMonth{due day}`.
* `paymentSchedules[0].status`: Void, WrittenOff (settled by a write-off), Paid,
  Overdue (past due with a balance), else Due.
* `openingArBalance` / `closingArBalance`: see `invoice_ar_balances`.
* Rate limit 1000 requests a minute per key (429 with `Retry-After`).
"""
