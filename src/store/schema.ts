import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../domain/access/roles.js';

/** Table shapes for Kysely's typed queries; they mirror the SQL migrations beside this file. */
export interface Schema {
  public_check_failure: PublicCheckFailureTable;
  schema_migration: SchemaMigrationTable;
  admin_unit: AdminUnitTable;
  admin_unit_lineage: AdminUnitLineageTable;
  agency: AgencyTable;
  agency_revision: AgencyRevisionTable;
  account_activation: AccountActivationTable;
  admin_alert: AdminAlertTable;
  seed_run: SeedRunTable;
  account: AccountTable;
  role_grant: RoleGrantTable;
  staff_session: StaffSessionTable;
  login_throttle: LoginThrottleTable;
  audit_log: AuditLogTable;
  oidc_login: OidcLoginTable;
  citizen_session: CitizenSessionTable;
  api_client: ApiClientTable;
  sector: SectorTable;
  procedure: ProcedureTable;
  procedure_version: ProcedureVersionTable;
  workflow_template: WorkflowTemplateTable;
  deployment_route: DeploymentRouteTable;
  workflow_binding: WorkflowBindingTable;
  readiness_criterion: ReadinessCriterionTable;
  readiness_attestation: ReadinessAttestationTable;
  calendar_year: CalendarYearTable;
  agency_office_hours: AgencyOfficeHoursTable;
  dossier: DossierTable;
  dossier_visibility: DossierVisibilityTable;
  dossier_action: DossierActionTable;
  dossier_sequence: DossierSequenceTable;
  practice_scope: PracticeScopeTable;
  outbox_message: OutboxMessageTable;
  portal_sync: PortalSyncTable;
  link_signing_key: LinkSigningKeyTable;
  portal_event: PortalEventTable;
  dossier_message: DossierMessageTable;
  notice_template: NoticeTemplateTable;
  province_sms_brandname: ProvinceSmsBrandnameTable;
  migration_run: MigrationRunTable;
  migrated_dossier: MigratedDossierTable;
  migration_history: MigrationHistoryTable;
  payment_request: PaymentRequestTable;
  callback_nonce: CallbackNonceTable;
  postal_order: PostalOrderTable;
  exchange_system: ExchangeSystemTable;
  announcement: AnnouncementTable;
  support_contact: SupportContactTable;
  incident: IncidentTable;
  guide: GuideTable;
  guide_revision: GuideRevisionTable;
  feedback_forward: FeedbackForwardTable;
  announcement_attachment: AnnouncementAttachmentTable;
  announcement_read: AnnouncementReadTable;
  external_agency: ExternalAgencyTable;
  exchange_request: ExchangeRequestTable;
  dossier_result: DossierResultTable;
  result_register: ResultRegisterTable;
  warehouse_item: WarehouseItemTable;
  warehouse_access: WarehouseAccessTable;
  dossier_rating: DossierRatingTable;
  feedback: FeedbackTable;
  monthly_report: MonthlyReportTable;
  indicator_scoring: IndicatorScoringTable;
  portal_reconciliation: PortalReconciliationTable;
  config_generation: ConfigGenerationTable;
  dossier_document: DossierDocumentTable;
  dossier_indicator: DossierIndicatorTable;
  indicator_dirty: IndicatorDirtyTable;
  indicator_change: IndicatorChangeTable;
  indicator_month_closed: IndicatorMonthClosedTable;
}

/** The indicator rows last counted for a dossier: [measure, ref day, day, n] (day numbers). */
export interface DossierIndicatorTable {
  dossier_id: string;
  rows: ColumnType<[string, number, number, number][], string, string>;
}

/** A dossier changed since it was last counted (the folding job counts it, then removes it). */
export interface IndicatorDirtyTable {
  dossier_id: string;
}

export interface IndicatorChangeTable {
  id: Generated<number>;
  agency_code: string;
  procedure_code: string;
  measure: string;
  ref_day: string;
  day: string;
  n: number;
}

export interface IndicatorMonthClosedTable {
  month: string;
  closed_at: Date;
}

export interface DossierDocumentTable {
  id: Generated<string>;
  dossier_id: string;
  component_code: string;
  version: number;
  sha256: string;
  size: number;
  content_type: string;
  pages: number | null;
  file_name: string;
  digitization: number;
  uploaded_by: string | null;
  uploaded_at: Date;
  reused_from: Generated<string | null>;
  declared_pages: Generated<number | null>;
  purged_at: Generated<Date | null>;
}

export interface ConfigGenerationTable {
  singleton: boolean;
  n: number;
}

/** One agency (or ministry mark) a dossier is visible to, with its queue keys (derived by a trigger). */
export interface DossierVisibilityTable {
  dossier_id: string;
  agency_code: string;
  status: number;
  submitted_at: Date;
  due_at: Date | null;
}

export interface DossierTable {
  id: Generated<string>;
  code: string;
  channel: number;
  intake_key: string | null;
  intake_hash: Generated<string | null>;
  intake_by: Generated<string | null>;
  procedure_code: string;
  version_no: number;
  case_code: string;
  workflow_revision: number;
  plan: unknown;
  received_by_agency: string;
  /** The agency competent for it: the receiving one, or another when received across boundaries. */
  competent_agency: string;
  commune_code: string;
  agency_code: string;
  assignee_id: string | null;
  status: number;
  step_code: string | null;
  step_role: string | null;
  version: number;
  applicant_id_number: string;
  applicant_name: string;
  applicant: unknown;
  representative: unknown;
  components: unknown;
  eform: unknown;
  summary: string | null;
  submitted_at: Date;
  received_at: Date | null;
  due_at: Date | null;
  step_due_at: Date | null;
  calendar_version: string | null;
  state: unknown;
  visible_to: string[];
  payment: string;
  delivery: string;
  sync: Generated<string>;
  orphan: boolean;
  updated_at: Date;
  /** A practice dossier (issue 23 §1): never leaves the system, never counted, wiped per agency. */
  practice: Generated<boolean>;
}

export interface DossierActionTable {
  dossier_id: string;
  seq: number;
  type: string;
  at: Date;
  actor_kind: 'staff' | 'client' | 'system';
  actor_id: string | null;
  actor_role: string | null;
  agency_code: string;
  from_status: number;
  to_status: number;
  from_step: string | null;
  to_step: string | null;
  to_agency: string;
  assignee_id: string | null;
  due_at: Date | null;
  step_due_at: Date | null;
  step_verdict: string | null;
  calendar_version: string | null;
  data: unknown;
}

export interface DossierSequenceTable {
  agency_code: string;
  day: string;
  last: number;
  practice: Generated<boolean>;
}

export interface PracticeScopeTable {
  agency_code: string;
  procedure_code: string;
  opened_at: Date;
  opened_by: string;
}

export interface OutboxMessageTable {
  id: Generated<string>;
  dossier_id: string | null;
  destination: string;
  kind: string;
  payload: unknown;
  created_at: Date;
  status: Generated<string>;
  attempts: Generated<number>;
  position: Generated<number>;
  next_attempt_at: Date | null;
  claimed_until: Date | null;
  claimed_by: string | null;
  last_error: string | null;
  delivered_at: Date | null;
  receipt: unknown;
}

export interface PaymentRequestTable {
  id: Generated<string>;
  dossier_id: string;
  amount: number;
  fee_lines: unknown;
  status: Generated<'creating' | 'waiting' | 'paid' | 'cancelled' | 'refunding' | 'refunded'>;
  provider_ref: string | null;
  pay_url: string | null;
  receipt_no: string | null;
  e_receipt_no: string | null;
  e_receipt_series: string | null;
  e_receipt_lookup: string | null;
  e_receipt_url: string | null;
  e_receipt_status: 'issued' | 'cancelled' | null;
  /** The series-number of the receipt this one replaced. */
  e_receipt_replaces: Generated<string | null>;
  /** A replacement asked of the provider and not yet made: `{ requestId, reason, payerName }`. */
  e_receipt_replacing: Generated<unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface CallbackNonceTable {
  source: string;
  nonce: string;
  received_at: Date;
}

export type PostalStatus = 'creating' | 'accepted' | 'picked_up' | 'in_transit' | 'delivered' | 'failed';

export interface PostalOrderTable {
  id: Generated<string>;
  dossier_id: string;
  kind: 'delivery' | 'pickup' | 'originals';
  status: Generated<PostalStatus>;
  tracking_no: string | null;
  recipient: unknown;
  events: Generated<unknown>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DossierResultTable {
  id: Generated<string>;
  dossier_id: string;
  status: Generated<'drafted' | 'sent' | 'signed' | 'imported'>;
  title: string;
  external_ref: string | null;
  number: string | null;
  issued_on: string | null;
  signer: string | null;
  issuing_agency: string;
  sha256: string | null;
  size: number | null;
  created_at: Date;
  updated_at: Date;
  result_type: string | null;
  holder_id_number: string | null;
  holder_name: string | null;
  signed_at: Date | null;
  certificate_issuer: string | null;
  certificate_serial: string | null;
  verification_code: string | null;
}

export interface ResultRegisterTable {
  agency_code: string;
  year: number;
  last_number: number;
}

export interface WarehouseItemTable {
  id: Generated<string>;
  owner_id_number: string;
  kind: 'result' | 'document';
  type_code: string;
  title: string;
  sha256: string;
  size: number;
  content_type: string;
  pages: number | null;
  number: string | null;
  issued_on: string | null;
  issuing_agency: string;
  source_dossier_id: string;
  result_id: string | null;
  document_id: string | null;
  reusable: Generated<boolean>;
  added_at: Date;
  imported: Generated<boolean>;
}

export interface WarehouseAccessTable {
  id: Generated<number>;
  item_id: string;
  owner_id_number: string;
  account_id: string;
  agency_code: string | null;
  dossier_id: string | null;
  action: 'list' | 'view' | 'reuse';
  purpose: string;
  at: Date;
}

export interface IndicatorScoringTable {
  version: number;
  effective_from: string;
  groups: unknown;
  note: Generated<string>;
  created_at: Generated<Date>;
  created_by: string | null;
}

export interface MonthlyReportTable {
  id: Generated<string>;
  month: string;
  scope_kind: 'national' | 'province';
  scope_code: string;
  scope_name: string;
  generated_at: Date;
  generated_by: string | null;
  snapshot: unknown;
  xlsx: Uint8Array;
  pdf: Uint8Array;
}

export interface FeedbackTable {
  id: Generated<string>;
  code: string;
  kind: 'citizen' | 'difficulty';
  category: string;
  subject: string;
  content: string;
  dossier_id: string | null;
  reporter_name: string;
  reporter_contact: string | null;
  reporter_account: string | null;
  reporter_agency: string | null;
  agency_code: string;
  assignee_id: string | null;
  status: Generated<'new' | 'assigned' | 'answered'>;
  submitted_at: Date;
  due_at: Date;
  answer: string | null;
  answered_at: Date | null;
  answered_by: string | null;
  idempotency_key: string | null;
  procedure_code: string | null;
  level: Generated<'province' | 'ministry' | 'government'>;
  fixed_in_release: string | null;
  version: Generated<number>;
}

export interface DossierRatingTable {
  dossier_id: string;
  level: 'very_satisfied' | 'satisfied' | 'neutral' | 'unsatisfied';
  reasons: string[];
  comment: string | null;
  rated_at: Date;
}

export interface PortalSyncTable {
  dossier_id: string;
  code: string;
  agency_code: string;
  day: string;
  sent_seq: Generated<number>;
  sent_status: number | null;
  sent_at: Date | null;
  acked_seq: Generated<number>;
  acked_status: number | null;
  acked_at: Date | null;
  history_acked: Generated<number>;
  acked_digest: string | null;
  acked_rev: Generated<number>;
}

export type PortalEventKind = 'supplement' | 'withdrawal' | 'payment' | 'rating' | 'message';

/** What a citizen did on the national portal, as received (migration 0038). */
export interface PortalEventTable {
  event_id: string;
  dossier_id: string;
  seq: number;
  kind: PortalEventKind;
  occurred_at: Date;
  received_at: Date;
  client_id: string;
  body: unknown;
  digest: string;
  state: 'pending' | 'applied' | 'refused';
  outcome: string | null;
  applied_at: Date | null;
  log_seq: number | null;
  attention: Generated<boolean>;
  handled_at: Date | null;
  handled_by: string | null;
}

export interface DossierMessageTable {
  id: Generated<string>;
  dossier_id: string;
  direction: 'from_applicant' | 'to_applicant';
  channels: ('portal' | 'sms' | 'email' | 'counter')[];
  sender: string;
  body: string;
  at: Date;
  event_id: string | null;
  account_id: string | null;
}

export interface NoticeTemplateTable {
  id: Generated<string>;
  procedure_code: string;
  province_code: string | null;
  event: string;
  version: number;
  text: string;
  subject: string;
  created_by: string;
  created_at: Date;
}

export interface ProvinceSmsBrandnameTable {
  province_code: string;
  brandname: string;
  updated_by: string;
  updated_at: Date;
}

export interface LinkSigningKeyTable {
  id: string;
  secret: Buffer;
  created_at: Date;
  verifies_until: Date | null;
}

export interface PortalReconciliationTable {
  id: Generated<string>;
  day: string;
  ran_at: Date;
  trigger: 'schedule' | 'operator';
  ours: number;
  theirs: number;
  missing: unknown;
  duplicates: unknown;
  mismatched: unknown;
  unknown: unknown;
  in_flight: number;
  by_agency: unknown;
  requeued: number;
}

export interface CalendarYearTable {
  year: number;
  revision: number;
  days_off: unknown;
  working_days: unknown;
  note: string | null;
  confirmed_at: Date;
  confirmed_by: string | null;
}

export interface AgencyOfficeHoursTable {
  agency_code: string;
  segments: unknown;
  updated_at: Date;
  updated_by: string | null;
}

export interface SchemaMigrationTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface AdminUnitTable {
  code: string;
  valid_from: string;
  valid_to: string | null;
  name: string;
  search_name: string;
  level: 'province' | 'commune';
  kind: 'tinh' | 'thanh_pho' | 'xa' | 'phuong' | 'dac_khu';
  parent_code: string | null;
}

export interface AdminUnitLineageTable {
  unit_code: string;
  unit_valid_from: string;
  predecessor_code: string;
  predecessor_name: string;
  merge_type: 'full' | 'partial';
}

export interface AgencyTable {
  code: string;
  name: string;
  search_name: string;
  kind: string;
  parent_code: string | null;
  admin_unit_code: string;
  valid_from: string;
  valid_to: string | null;
  successor_code: Generated<string | null>;
  revision: Generated<number>;
}

export interface AgencyRevisionTable {
  code: string;
  revision: number;
  change: 'created' | 'updated' | 'closed' | 'merged';
  name: string;
  kind: string;
  parent_code: string | null;
  admin_unit_code: string;
  valid_from: string;
  valid_to: string | null;
  successor_code: string | null;
  effective_on: string;
  changed_at: Date;
  changed_by: string | null;
  source: 'api' | 'import' | 'seed';
}

export interface AccountActivationTable {
  token_hash: string;
  account_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  created_by: string | null;
}

export interface AdminAlertTable {
  key: string;
  last_sent_at: Date;
  recipients: number;
}

export interface SeedRunTable {
  name: string;
  checksum: string;
  rows: number;
  applied_at: Generated<Date>;
}

export interface AccountTable {
  id: Generated<string>;
  username: string;
  full_name: string;
  search_name: string;
  agency_code: string;
  position: string | null;
  phone: string | null;
  email: string | null;
  active: Generated<boolean>;
  valid_from: string;
  valid_to: string | null;
  password_hash: string;
  must_change_password: Generated<boolean>;
  password_changed_at: Generated<Date>;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: Generated<number | null>;
  id_number: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RoleGrantTable {
  id: Generated<string>;
  account_id: string;
  role: Role;
  agency_code: string;
  sectors: string[] | null;
  valid_from: Date;
  valid_to: Date | null;
  delegated_by: string | null;
  reason: string | null;
  granted_by: string | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
  revoked_by: string | null;
}

export type SessionStage = 'full' | 'change_password' | 'enroll_totp';

export interface StaffSessionTable {
  token_hash: string;
  account_id: string;
  csrf_token: string;
  stage: SessionStage;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  username: string;
  failed_logins: number;
  lockouts: number;
  locked_until: Date | null;
  updated_at: Date;
}

export interface AuditLogTable {
  seq: Generated<number>;
  at: Date;
  actor_kind: 'staff' | 'citizen' | 'client' | 'system' | 'anonymous';
  actor_id: string | null;
  action: string;
  target_kind: string | null;
  target_id: string | null;
  agency_code: string | null;
  detail: Record<string, unknown>;
  ip: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface OidcLoginTable {
  state: string;
  browser_hash: string;
  code_verifier: string;
  nonce: string;
  created_at: Date;
}

export interface CitizenSessionTable {
  token_hash: string;
  id_number: string;
  full_name: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

export interface ApiClientTable {
  id: Generated<string>;
  name: string;
  key_prefix: string;
  key_hash: string;
  scopes: string[];
  agency_code: string | null;
  active: Generated<boolean>;
  created_at: Date;
  created_by: string | null;
  last_used_at: Date | null;
}

export interface SectorTable {
  code: string;
  name: string;
  ministry_code: string;
}

export interface ProcedureTable {
  code: string;
  name: string;
  search_name: string;
  ministry_code: string;
  sector_code: string;
  example: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ProcedureVersionTable {
  procedure_code: string;
  version_no: number;
  status: 'draft' | 'published' | 'superseded';
  decision_no: string | null;
  decision_date: string | null;
  effective_from: string | null;
  effective_to: string | null;
  levels: string[];
  online_level: string;
  content: unknown;
  content_hash: string;
  created_at: Date;
  published_at: Date | null;
}

export interface WorkflowTemplateTable {
  procedure_code: string;
  version_no: number;
  case_code: string;
  revision: number;
  steps: unknown;
  allotted_hours: number;
  saved_at: Date;
  saved_by: string | null;
  layout: unknown;
}

export interface ReadinessCriterionTable {
  code: string;
  name: string;
  description: string | null;
  kind: 'builtin' | 'manual';
  active: boolean;
  position: number;
  updated_at: Date;
  updated_by: string | null;
}

export interface ReadinessAttestationTable {
  procedure_code: string;
  province_code: string;
  criterion_code: string;
  revision: number;
  met: boolean;
  evidence: string;
  attested_at: Date;
  attested_by: string | null;
}

export interface DeploymentRouteTable {
  procedure_code: string;
  province_code: string;
  effective_from: Date;
  mode: 'central' | 'provincial' | 'pilot';
  note: string | null;
  set_at: Date;
  set_by: string | null;
  override_reason: Generated<string | null>;
  override_by: Generated<string | null>;
  override_gaps: Generated<unknown>;
}

export interface WorkflowBindingTable {
  procedure_code: string;
  version_no: number;
  case_code: string;
  unit_code: string;
  revision: number;
  steps: unknown;
  saved_at: Date;
  saved_by: string | null;
}

export interface PublicCheckFailureTable {
  at: Date;
  code: string;
  ip: string | null;
}

export interface MigrationRunTable {
  id: Generated<string>;
  province: string;
  source: string;
  started_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  state: 'staging' | 'importing' | 'done' | 'rolled_back';
  progress: Generated<unknown>;
  report: unknown;
}

export interface MigratedDossierTable {
  dossier_id: string;
  source_key: string;
  run_id: string;
  row_hash: string;
  imported_version: number;
  in_flight: boolean;
}

export interface MigrationHistoryTable {
  run_id: string;
  code: string;
  line: number;
  source_id: string;
  at: Date;
  status: number | null;
  label: string;
  actor: string;
  actor_name: string;
  note: string;
  node: string;
}

export interface ExchangeSystemTable {
  code: string;
  name: string;
}

export interface ExternalAgencyTable {
  agency_code: string;
  system: string;
  set_at: Date;
  set_by: string | null;
}

export interface ExchangeRequestTable {
  id: Generated<string>;
  dossier_id: string;
  kind: 'linked' | 'consultation';
  system: string;
  procedure_code: string | null;
  procedure_name: string | null;
  consultation_id: string | null;
  question: string | null;
  due_at: Date | null;
  status: Generated<'queued' | 'sent' | 'received' | 'processing' | 'done' | 'refused'>;
  remote_code: string | null;
  answer: string | null;
  events: Generated<unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface AnnouncementTable {
  id: string;
  kind: 'notice' | 'maintenance';
  importance: 'info' | 'important' | 'urgent';
  title: string;
  body: string;
  audience_province: string | null;
  audience_agency_kind: string | null;
  audience_role: string | null;
  public: Generated<boolean>;
  valid_from: Date;
  valid_to: Date;
  window_from: Date | null;
  window_to: Date | null;
  publisher_level: 'system' | 'ministry' | 'province';
  publisher_agency: string;
  published_by: string;
  published_at: Date;
  withdrawn_at: Generated<Date | null>;
  idempotency_key: string | null;
}

export interface AnnouncementAttachmentTable {
  announcement_id: string;
  position: number;
  name: string;
  media_type: string;
  sha256: string;
  size_bytes: number | string;
}

export interface AnnouncementReadTable {
  announcement_id: string;
  account_id: string;
  read_at: Date;
}

export interface FeedbackForwardTable {
  feedback_id: string;
  seq: number;
  from_agency: string;
  from_due_at: Date;
  to_agency: string;
  to_level: 'ministry' | 'government';
  due_at: Date;
  note: string;
  forwarded_by: string;
  forwarded_at: Date;
}

export interface GuideTable {
  key: string;
  kind: 'role' | 'procedure';
  roles: string[];
  procedure_code: string | null;
  position: number;
  revision: number;
}

export interface GuideRevisionTable {
  guide_key: string;
  revision: number;
  title: string;
  body: string;
  saved_at: Date;
  saved_by: string | null;
}

export interface SupportContactTable {
  id: string;
  area_kind: 'national' | 'province' | 'ministry';
  area_code: string | null;
  name: string;
  unit: string;
  phone: string;
  email: string | null;
  hours: string;
  channel: string | null;
  updated_by: string;
  updated_at: Date;
}

export interface IncidentTable {
  id: string;
  code: string;
  title: string;
  description: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  province: string | null;
  procedure_code: string | null;
  feedback_code: string | null;
  reporter_agency: string;
  opened_by: string;
  opened_at: Date;
  acknowledge_by: Date;
  resolve_by: Date;
  status: Generated<'open' | 'acknowledged' | 'in_progress' | 'closed'>;
  acknowledged_at: Date | null;
  closed_at: Date | null;
  resolution: string | null;
  log: Generated<unknown>;
  idempotency_key: string | null;
  version: Generated<number>;
}
