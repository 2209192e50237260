export {
  form1099DaRow,
  form1099DaShortfallRow,
  form1099DaFromReport,
  form1099DaCsv,
  form1099DaCsvLine,
  FORM_1099DA_FORMAT,
  FORM_1099DA_CSV_COLUMNS,
} from './form-1099da.js';
export type { Form1099DaRow, Form1099DaDocument, Form1099DaOptions } from './form-1099da.js';
export { form8949Row, form8949Csv, form8949CsvLine, FORM_8949_COLUMNS } from './form-8949.js';
export type { Form8949Row, BasisReporting } from './form-8949.js';
export { Form8949Writer, Form1099DaCsvWriter, Form1099DaJsonWriter } from './form-writers.js';
export { OutputFile } from './output-file.js';
export { csvLine, neutraliseCsvField } from './csv-line.js';
