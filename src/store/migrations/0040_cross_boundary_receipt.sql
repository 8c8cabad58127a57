-- Cross-boundary receipt (issue 22 §5). A procedure version says how far from its competent agency
-- a dossier may be received: 'none' (only there), 'province' (any centre of its province) or
-- 'country' (anywhere). The flag was a boolean that allowed cross-province transfers: true meant
-- the country, false nowhere.
UPDATE procedure_version
SET content = jsonb_set(content, '{crossBoundary}',
  CASE WHEN content->>'crossBoundary' = 'true' THEN '"country"'::jsonb ELSE '"none"'::jsonb END)
WHERE jsonb_typeof(content->'crossBoundary') = 'boolean' OR content->'crossBoundary' IS NULL;

-- The agency competent for a dossier: the receiving one, or the one the receiving counter
-- received it for. Indicators count the dossier there; the receiving agency is credited with the
-- receipt (the partial index answers "received for others" per agency and day).
ALTER TABLE dossier ADD COLUMN competent_agency text REFERENCES agency (code);
UPDATE dossier SET competent_agency = received_by_agency;
ALTER TABLE dossier ALTER COLUMN competent_agency SET NOT NULL;
CREATE INDEX dossier_competent ON dossier (competent_agency, id);
CREATE INDEX dossier_received_for_others ON dossier (received_by_agency, received_at)
  WHERE competent_agency <> received_by_agency;

-- The original papers of a dossier transferred to its competent agency travel by post.
ALTER TABLE postal_order DROP CONSTRAINT postal_order_kind_check;
ALTER TABLE postal_order ADD CONSTRAINT postal_order_kind_check
  CHECK (kind IN ('delivery', 'pickup', 'originals'));
