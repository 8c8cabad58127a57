/** Demo citizens known to the VNeID simulator, identified by 12-digit personal ID numbers. */
export const demoCitizens = [
  { id: '001089012345', name: 'Nguyễn Thị Mai', birthdate: '1989-03-12' },
  { id: '040092067890', name: 'Trần Văn Hải', birthdate: '1992-11-02' },
  { id: '079301234567', name: 'Lê Hoàng Yến', birthdate: '2001-07-25' },
] as const;
