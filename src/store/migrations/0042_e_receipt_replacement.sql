-- Replacing an e-receipt (issue 22 §4: issue, cancel, replace): an official asks the provider for a
-- replacement of a receipt with a wrong detail (the payer's name); while it is asked, its reason
-- and the payer named are kept (one at a time); the new receipt then stands on the payment, with
-- the number of the one it replaced.
ALTER TABLE payment_request
  ADD COLUMN e_receipt_replaces text,
  ADD COLUMN e_receipt_replacing jsonb;
