-- Electronic receipts for fees paid (issue 22 §4): what the e-receipt provider answered for each
-- paid payment request: the receipt's series and number, the lookup code a citizen opens it with,
-- its address at the provider, and whether it stands or was cancelled (on refund).
ALTER TABLE payment_request
  ADD COLUMN e_receipt_no text,
  ADD COLUMN e_receipt_series text,
  ADD COLUMN e_receipt_lookup text,
  ADD COLUMN e_receipt_url text,
  ADD COLUMN e_receipt_status text CHECK (e_receipt_status IN ('issued', 'cancelled'));
