/**
 * Parquet output of the orders export (Node only), written row group by row group as chunks
 * arrive, so any size streams to disk. Columns match the CSV; `order_date` is a real timestamp
 * (wall time) and guests have a null customer id.
 */
import { fileWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';
import type { LineChunk } from './chunks';
import { COUNTRIES } from './countries';
import { LINE_STATUSES } from './csv';
import { customerId, orderId, type Shop } from './shop';

/** Streams line chunks into a Parquet file. */
export class LinesParquetWriter {
  private writer: ParquetWriter | undefined;

  constructor(private readonly shop: Shop, private readonly filename: string) {}

  /** Appends one chunk as a row group. */
  write(chunk: LineChunk): void {
    if (chunk.length === 0) return;
    const columnData = this.columns(chunk);
    this.writer ??= new ParquetWriter({ writer: fileWriter(this.filename), schema: schemaFromColumnData({ columnData }) });
    void this.writer.write({ columnData, rowGroupSize: chunk.length });
  }

  /** Writes the footer and closes the file. */
  finish(): void {
    void this.writer?.finish();
  }

  private columns(chunk: LineChunk): ColumnSource[] {
    const { catalog, calendar } = this.shop;
    const n = chunk.length;
    const map = <T>(f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
    const product = (i: number) => chunk.product[i]!;
    return [
      { name: 'order_id', type: 'STRING', data: map((i) => orderId(chunk.orderNo[i]!)) },
      { name: 'customer_id', type: 'STRING', data: map((i) => (chunk.customerNo[i]! > 0 ? customerId(chunk.customerNo[i]!) : null)) },
      { name: 'order_date', type: 'TIMESTAMP', data: map((i) => calendar.startMs + chunk.seconds[i]! * 1000) },
      { name: 'product_id', type: 'STRING', data: map((i) => catalog.productId[product(i)]!) },
      { name: 'product_name', type: 'STRING', data: map((i) => catalog.productName[product(i)]!) },
      { name: 'category', type: 'STRING', data: map((i) => catalog.categories[catalog.category[product(i)]!]!) },
      { name: 'quantity', type: 'INT32', data: chunk.quantity.slice(0, n) },
      { name: 'unit_price', type: 'DOUBLE', data: map((i) => chunk.unitPriceCents[i]! / 100) },
      { name: 'status', type: 'STRING', data: map((i) => LINE_STATUSES[chunk.returned[i]!]!) },
      { name: 'country', type: 'STRING', data: map((i) => COUNTRIES[chunk.country[i]!]!) },
    ];
  }
}
