"«ÐüÁ"
 /*	yqpo zf g vz z ms*//*b　y tx  x  g m*/"use strict"
"use strict"



 function*
 emfyvlja(await)
{  "use strict"
}
