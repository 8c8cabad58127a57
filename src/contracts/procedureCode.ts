import { z } from 'zod';

/** A national procedure code (1.001193, or 1.003560.000.00.00.H56) or a demo example code (VD.000001). */
export const procedureCode = z
  .string()
  .regex(/^([12]\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?|VD\.\d{6})$/, 'Mã thủ tục, ví dụ 1.001193');
