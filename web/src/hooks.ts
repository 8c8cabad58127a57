import { useQuery } from '@tanstack/react-query';
import type { InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ok } from './api';

/** The value, once it has stopped changing for `ms` (so typing does not send a request per key). */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** A ref for the screen's search box, focused when "/" is pressed anywhere outside a text field. */
export function useSearchShortcut() {
  const ref = useRef<InputRef>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing =
        target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable);
      if (e.key === '/' && !typing) {
        e.preventDefault();
        ref.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return ref;
}

/** All provinces in force today (34), fetched once and shared by the screens. */
export function useProvinces() {
  return useQuery({
    queryKey: ['provinces'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/admin-units', { params: { query: { level: 'province', limit: 100 } } })))
        .items,
  });
}

/** The ministries that own procedures implemented in provinces and communes (the completion table's rows). */
export function useMinistries() {
  return useQuery({
    queryKey: ['ministries'],
    queryFn: async () =>
      (await ok(api.GET('/api/v1/reports/completion'))).items
        .map((r) => r.ministry)
        .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
  });
}

/** The current time, refreshed every minute (due-time colours stay right on a screen left open). */
export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(t);
  }, []);
  return now;
}
