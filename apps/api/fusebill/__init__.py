"""Fusebill ("Stax Bill") API under /fusebill/v1/: a translator over the invoice,
client and payment selectors. The vendor behaviour it copies is in the docstrings
of each module; apps/api/README.md gives the file roles.

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
* Customers are Remit's live clients, read-only; `status` Active or Cancelled. The
  overview's `arBalance`, `totalPayments` and `totalInvoiced` are in the client's
  own currency (`client_amounts_by_currency`); other currencies are left out.
* `invoiceSummaries` filter `invoiceStatus` with the words the summaries show
  (`statuses.invoice_statuses`); Disputed and Pending match nothing.
* `Invoices/html/{id}` answers the PDF's HTML document as a JSON string.
* `creditAllocations` are the credit memos applied to the invoice (`uri` null: no
  credit-note resource is served); `paymentAllocations[].uri` is `Payments/{id}`.
* `POST invoices/writeoff` takes `invoiceId`, `amount` (default: the balance) and
  `reference` (accepted, not kept); a write-off the domain refuses is a 409.
* Drafts: Remit's drafts, status always Ready, only under `draftinvoices/...` and
  `customers/{id}/DraftInvoices`; `POST Invoices?draftInvoiceId=` sends the whole
  draft (`draftChargeIds` and `preview` are refused) and answers the invoice.
"""
