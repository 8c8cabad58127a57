import type { FormInstance } from 'antd';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError, api, csrfHeader, ok, sendFile } from '../../api';
import { useMe } from '../../auth';
import { paths } from '../../paths';
import { pendingTab } from '../../pendingTab';
import { eformAnswers, fillKnownAnswers, type IntakeRow, type IntakeValues } from './intakeRows';

/**
 * Receiving the dossier: validate the form, create the dossier (one idempotency key per dossier
 * being received, so a double press or a retry after a lost answer receives it once), attach the
 * warehouse items and scans, open Form 01 in a new tab and go to the dossier.
 */
export function useIntakeSubmit(
  form: FormInstance,
  procedureCode: string | undefined,
  caseCode: string,
  rows: IntakeRow[],
  practice = false,
) {
  const me = useMe().data;
  const navigate = useNavigate();
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const intakeKey = useRef(crypto.randomUUID());
  const received = rows.filter((r) => r.received);

  const submit = async () => {
    setProblems([]);
    fillKnownAnswers(form, rows);
    let values: IntakeValues;
    try {
      values = (await form.validateFields()) as IntakeValues;
    } catch {
      return;
    }
    if (!procedureCode) return;
    setBusy(true);
    const receipt = pendingTab();
    try {
      const result = await ok(
        api.POST('/api/v1/dossiers', {
          body: {
            procedureCode,
            ...(caseCode ? { caseCode } : {}),
            applicant: {
              kind: values.kind,
              idNumber: values.idNumber,
              name: values.name,
              phone: values.phone || null,
              address: { communeCode: values.communeCode, detail: values.addressDetail },
            },
            components: received.map((r) => ({ code: r.component.code, copies: r.copies })),
            eform: eformAnswers(rows, values),
            summary: values.summary || undefined,
            ...(values.returnAt ? { returnAt: values.returnAt } : {}),
            ...(practice ? { practice: true } : {}),
          },
          headers: { ...csrfHeader(me?.csrfToken), 'idempotency-key': intakeKey.current },
        }),
      );
      await attachPapers(result.code, received, me?.csrfToken);
      receipt.show(`/api/v1/dossiers/${encodeURIComponent(result.code)}/forms/receipt`);
      intakeKey.current = crypto.randomUUID();
      navigate(paths.dossier(result.code), { state: { justReceived: true } });
    } catch (e) {
      receipt.close();
      if (e instanceof ApiError)
        setProblems([e.message, ...(e.problem.errors ?? []).map((x) => `${x.field}: ${x.message}`)]);
      else throw e;
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, problems };
}

/** The warehouse items taken instead of scans, then each scan, onto the new dossier. */
async function attachPapers(code: string, received: IntakeRow[], csrf: string | undefined) {
  for (const r of received.filter((x) => x.reuse))
    await ok(
      api.POST('/api/v1/dossiers/{code}/documents/reuse', {
        params: { path: { code } },
        body: { component: r.component.code, itemId: r.reuse?.id ?? '' },
        headers: csrfHeader(csrf),
      }),
    );
  for (const r of received.filter((x) => !x.reuse))
    for (const f of r.files)
      await sendFile(
        `/api/v1/dossiers/${encodeURIComponent(code)}/documents?component=${encodeURIComponent(r.component.code)}&digitization=1`,
        f,
        csrf,
      );
}
